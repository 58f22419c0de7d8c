// Owns the Cornerstone rendering engine, the one stack viewport and its tool group. React components
// call it; it reports back through the store. Knows nothing about files.
import { RenderingEngine, Enums, imageLoader, eventTarget, cache, utilities, getShouldUseCPURendering, type Types } from '@cornerstonejs/core';
import {
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  PanTool,
  LengthTool,
  StackScrollTool,
  annotation,
  Enums as ToolEnums,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import { initCornerstone, renderPath } from './cornerstone/initCornerstone';
import { imageRegistry } from '../images';
import { parseVoiLutImageId, voiLutImageId, voiLutsFor, modalityValues } from './voi/voiLutImageLoader';
import { normaliseVoiLutFunction, rangeExcludingPadding, type VoiLutFunctionName } from './voi/voiFunction';
import { useStore, type ToolName, type VoiChoice } from '../store';

const ENGINE_ID = 'statread-engine';
const VIEWPORT_ID = 'statread-main';
const TOOL_GROUP_ID = 'statread-tools';

const TOOL_CLASS_NAME: Record<Exclude<ToolName, 'Probe'>, string> = {
  WindowLevel: WindowLevelTool.toolName,
  Pan: PanTool.toolName,
  Zoom: ZoomTool.toolName,
  Length: LengthTool.toolName,
};

export interface WindowOption {
  label: string;
  choice: VoiChoice;
}

function errorMessage(e: unknown): string {
  if (!e) return 'unknown error';
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  if (typeof e === 'object') {
    const o = e as { error?: unknown; message?: unknown };
    if (o.error) return errorMessage(o.error);
    if (typeof o.message === 'string') return o.message;
  }
  return String(e);
}

export class ViewportController {
  private engine: RenderingEngine | null = null;
  private element: HTMLDivElement | null = null;
  private toolGroup: ToolTypes.IToolGroup | undefined;
  private resizeObserver: ResizeObserver | null = null;
  /** Image id whose next IMAGE_RENDERED marks the viewport ready. */
  private awaitingRender: string | null = null;
  private showToken = 0;
  renderCount = 0;
  /** Base (file) image id currently shown; the stack may hold a VOI LUT image derived from it. */
  currentBaseImageId: string | null = null;
  onError: ((imageId: string, reason: string) => void) | null = null;
  /** Set while Cornerstone's WebGL context is lost: nothing can be displayed until the browser restores it. */
  private contextLost: string | null = null;
  /** The image that failed because the context was lost: shown again once it is restored. */
  private failedOnContextLoss: string | null = null;

  async mount(element: HTMLDivElement): Promise<void> {
    await initCornerstone();
    if (this.engine) return;
    this.element = element;
    this.engine = new RenderingEngine(ENGINE_ID);
    const tg = ToolGroupManager.createToolGroup(TOOL_GROUP_ID)!;
    for (const t of [WindowLevelTool, PanTool, ZoomTool, LengthTool, StackScrollTool]) tg.addTool(t.toolName);
    this.toolGroup = tg;
    this.enableViewport();
    tg.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
    tg.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
    this.setActiveTool(useStore.getState().activeTool);
    element.addEventListener(Enums.Events.IMAGE_RENDERED, this.handleRendered as EventListener);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_ERROR, this.handleLoadError as EventListener);
    eventTarget.addEventListener(Enums.Events.WEBGL_CONTEXT_LOST, this.handleContextLost);
    eventTarget.addEventListener(Enums.Events.WEBGL_CONTEXT_RESTORED, this.handleContextRestored);
    element.addEventListener('contextmenu', (e) => e.preventDefault());
    this.resizeObserver = new ResizeObserver(() => {
      this.engine?.resize(true, true);
    });
    this.resizeObserver.observe(element);
    // The image on screen was closed and no other series replaces it: the viewport lets go of it.
    imageRegistry.onRelease((entries) => {
      const shown = this.currentBaseImageId;
      if (shown && !useStore.getState().activeSeriesKey && entries.some((e) => e.imageId === shown)) this.clear();
    });
  }

  get viewport(): Types.IStackViewport | null {
    return (this.engine?.getViewport(VIEWPORT_ID) as Types.IStackViewport | undefined) ?? null;
  }

  getElement(): HTMLDivElement | null {
    return this.element;
  }

  private handleRendered = (evt: CustomEvent) => {
    const vp = this.viewport;
    if (!vp || (evt.detail?.viewportId && evt.detail.viewportId !== VIEWPORT_ID)) return;
    this.renderCount++;
    const id = vp.getCurrentImageId();
    const st = useStore.getState();
    if (this.awaitingRender && id === this.awaitingRender) {
      this.awaitingRender = null;
      // A texture the GPU refused (or a context lost during the render) leaves a black canvas behind a normal
      // IMAGE_RENDERED: the first render of an image is checked before it counts as shown.
      const gpuProblem = this.contextLost ?? this.glError();
      if (gpuProblem && this.currentBaseImageId) {
        this.fail(this.currentBaseImageId, gpuProblem);
        return;
      }
      performance.mark('statread:ready');
      st.setRenderedImageId(this.currentBaseImageId);
      st.setViewportState('ready');
    }
    this.element?.setAttribute('data-render-count', String(this.renderCount));
    this.syncDisplay();
  };

  private handleLoadError = (evt: CustomEvent) => {
    const imageId: string | undefined = evt.detail?.imageId;
    if (!imageId || !this.currentBaseImageId) return;
    const base = parseVoiLutImageId(imageId)?.baseImageId ?? imageId;
    if (base !== this.currentBaseImageId) return;
    this.fail(base, errorMessage(evt.detail?.error));
  };

  private handleContextLost = () => {
    this.contextLost = 'the GPU (WebGL) context was lost; the image is shown again if the browser restores it, else reload the page';
    const shown = this.currentBaseImageId;
    const st = useStore.getState();
    if (!shown || getShouldUseCPURendering() || st.viewportState === 'empty' || st.viewportState === 'error') return;
    this.failedOnContextLoss = shown;
    // A show in progress stops here (it would only render into the lost context).
    this.showToken++;
    this.fail(shown, this.contextLost);
  };

  private handleContextRestored = () => {
    if (!this.contextLost) return;
    this.contextLost = null;
    const again = this.failedOnContextLoss;
    this.failedOnContextLoss = null;
    // vtk.js keeps GPU objects of the lost context that the restored one rejects (measured: the first render after a
    // restore raises INVALID_OPERATION), so the viewport gets a new rendering engine, with contexts of its own.
    this.rebuildEngine();
    if (again && again === this.currentBaseImageId) void this.show(again, useStore.getState().voiChoice);
  };

  private rebuildEngine(): void {
    if (!this.engine || !this.element) return;
    this.showToken++;
    this.awaitingRender = null;
    this.toolGroup?.removeViewports(ENGINE_ID, VIEWPORT_ID);
    this.engine.destroy();
    this.engine = new RenderingEngine(ENGINE_ID);
    this.enableViewport();
  }

  /** (Re)creates the stack viewport on the element and gives it the tool group. */
  private enableViewport(): void {
    if (!this.engine || !this.element) return;
    this.engine.enableElement({
      viewportId: VIEWPORT_ID,
      type: Enums.ViewportType.STACK,
      element: this.element,
      defaultOptions: { background: [0, 0, 0] as Types.Point3 },
    });
    this.toolGroup?.addViewport(VIEWPORT_ID, ENGINE_ID);
  }

  /** The WebGL context Cornerstone renders the viewport with (null on the CPU path or when it cannot be found). */
  private glContext(): WebGL2RenderingContext | WebGLRenderingContext | null {
    if (getShouldUseCPURendering()) return null;
    try {
      type GlView = { get3DContext?: () => WebGL2RenderingContext | WebGLRenderingContext | null };
      const renderer = this.viewport?.getRenderer() as { getRenderWindow?: () => { getViews?: () => GlView[] } | null } | undefined;
      return renderer?.getRenderWindow?.()?.getViews?.()[0]?.get3DContext?.() ?? null;
    } catch {
      return null;
    }
  }

  /** Drains the GL error flags: a description of the first error, or null. */
  private glError(): string | null {
    const gl = this.glContext();
    if (!gl) return null;
    const errors: number[] = [];
    for (let e = gl.getError(); e !== gl.NO_ERROR && errors.length < 8; e = gl.getError()) errors.push(e);
    if (!errors.length) return null;
    const names: Record<number, string> = {
      [gl.INVALID_ENUM]: 'INVALID_ENUM',
      [gl.INVALID_VALUE]: 'INVALID_VALUE',
      [gl.INVALID_OPERATION]: 'INVALID_OPERATION',
      [gl.INVALID_FRAMEBUFFER_OPERATION]: 'INVALID_FRAMEBUFFER_OPERATION',
      [gl.OUT_OF_MEMORY]: 'OUT_OF_MEMORY',
      [gl.CONTEXT_LOST_WEBGL]: 'CONTEXT_LOST_WEBGL',
    };
    const list = errors.map((e) => names[e] ?? `0x${e.toString(16)}`).join(', ');
    return `the GPU could not draw the image (WebGL error ${list})`;
  }

  /** Whether an image of this size fits the GPU's textures (always on the CPU path). */
  private textureProblem(columns: number, rows: number): string | null {
    if (getShouldUseCPURendering()) return null;
    const max = renderPath.maxTextureSize;
    if (!max || (columns <= max && rows <= max)) return null;
    return `the image is ${columns} x ${rows} px; this GPU displays at most ${max} px per side`;
  }

  private fail(imageId: string, reason: string) {
    this.awaitingRender = null;
    useStore.getState().setViewportState('error', reason);
    this.onError?.(imageId, reason);
  }

  /** Shows one image (a file or a frame of one) with the chosen VOI. */
  async show(baseImageId: string, choice: VoiChoice): Promise<void> {
    const vp = this.viewport;
    if (!vp) return;
    const token = ++this.showToken;
    const st = useStore.getState();
    st.setViewportState('loading');
    this.currentBaseImageId = baseImageId;
    const resolved = this.resolveChoice(baseImageId, choice);
    const stackId = resolved.kind === 'lut' ? voiLutImageId(baseImageId, resolved.index) : baseImageId;
    // Known before any decode: an image larger than the GPU's textures, or no GPU context at all.
    const entry = imageRegistry.get(baseImageId);
    const dims = entry?.web ? { columns: entry.web.info.width, rows: entry.web.info.height } : entry?.header;
    const early = (dims && this.textureProblem(dims.columns, dims.rows)) ?? (getShouldUseCPURendering() ? null : this.contextLost);
    if (early) {
      if (early === this.contextLost) this.failedOnContextLoss = baseImageId;
      this.fail(baseImageId, early);
      return;
    }
    try {
      const keepCamera = vp.getCurrentImageId() && vp.getCurrentImageId() === stackId;
      performance.mark('statread:set-stack');
      // Decode first and check the result, so a broken image never enters the viewport (a 0x0
      // frame leaves Cornerstone's pipeline unable to render the next good image).
      const loaded = await imageLoader.loadAndCacheImage(stackId, vp.getLoaderImageOptions(stackId) as never);
      if (token !== this.showToken) return;
      const problem = this.decodeProblem(baseImageId, loaded) ?? this.textureProblem(loaded.columns, loaded.rows);
      if (problem) {
        this.fail(baseImageId, problem);
        return;
      }
      await vp.setStack([stackId], 0);
      performance.mark('statread:stack-loaded');
      if (token !== this.showToken) return;
      if (!keepCamera) vp.resetCamera();
      this.applyVoi(resolved);
      this.awaitingRender = stackId;
      // Errors left over from earlier renders are not this image's.
      this.glError();
      vp.render();
    } catch (e) {
      if (token !== this.showToken) return;
      this.fail(baseImageId, errorMessage(e));
    }
  }

  /**
   * Empties the viewport (the study on screen was closed, nothing else is open): the viewport is disabled
   * and enabled again on the same element, so no actor, image data or cached image stays referenced by it.
   */
  clear(): void {
    this.showToken++;
    this.awaitingRender = null;
    this.currentBaseImageId = null;
    if (!this.engine || !this.element) return;
    this.toolGroup?.removeViewports(ENGINE_ID, VIEWPORT_ID);
    this.engine.disableElement(VIEWPORT_ID);
    this.enableViewport();
  }

  /** Some codecs fail without throwing (e.g. a corrupt JPEG 2000 stream): check what came back. */
  private decodeProblem(baseImageId: string, loaded: Types.IImage): string | null {
    const image = cache.getImage(baseImageId) ?? loaded;
    if (!image) return 'the image could not be decoded';
    const n = (image.getPixelData() as ArrayLike<number> | undefined)?.length ?? 0;
    const h = imageRegistry.get(baseImageId)?.header;
    if (!image.rows || !image.columns || n < image.rows * image.columns) {
      return `the decoder returned no usable pixel data (${n} samples for ${h?.columns ?? '?'}×${h?.rows ?? '?'} pixels; corrupt or unsupported compressed data)`;
    }
    if (h && (image.rows !== h.rows || image.columns !== h.columns)) {
      return `decoded size ${image.columns}×${image.rows} does not match the header's ${h.columns}×${h.rows}`;
    }
    return null;
  }

  /** Turns "auto" into a concrete choice: first window pair, else first VOI LUT, else data range. */
  resolveChoice(baseImageId: string, choice: VoiChoice): VoiChoice {
    const h = imageRegistry.get(baseImageId)?.header;
    if (choice.kind !== 'auto') return choice;
    if (h && h.windowCenters.length && h.windowWidths.length && h.samplesPerPixel === 1) return { kind: 'window', index: 0 };
    if (h && h.samplesPerPixel === 1 && voiLutsFor(baseImageId).length) return { kind: 'lut', index: 0 };
    return { kind: 'range' };
  }

  windowOptions(baseImageId: string): WindowOption[] {
    const h = imageRegistry.get(baseImageId)?.header;
    const out: WindowOption[] = [];
    if (!h || h.samplesPerPixel !== 1) return out;
    const n = Math.min(h.windowCenters.length, h.windowWidths.length);
    for (let i = 0; i < n; i++) {
      const expl = h.windowExplanations[i] ? `${h.windowExplanations[i]}: ` : '';
      out.push({ label: `${expl}C ${h.windowCenters[i]} / W ${h.windowWidths[i]}`, choice: { kind: 'window', index: i } });
    }
    voiLutsFor(baseImageId).forEach((lut, i) => {
      out.push({ label: `VOI LUT: ${lut.explanation}`, choice: { kind: 'lut', index: i } });
    });
    out.push({ label: 'Full data range', choice: { kind: 'range' } });
    return out;
  }

  /** DICOM VOI LUT function of the current window (Cornerstone only needs LINEAR vs SIGMOID). */
  private voiFunction: VoiLutFunctionName = 'LINEAR';

  /**
   * Cornerstone maps voiRange linearly (LINEAR: lower..upper is the exact ramp), so LINEAR_EXACT is
   * set as a LINEAR range with the exact end points; this also keeps the CPU rendering path working
   * (it rejects LINEAR_EXACT). StatRead remembers the DICOM function for read-outs.
   */
  private setVoi(range: { lower: number; upper: number }, fn: VoiLutFunctionName) {
    this.voiFunction = fn;
    const cur = this.viewport?.getProperties();
    const same =
      cur?.voiRange &&
      Math.abs(cur.voiRange.lower - range.lower) < 1e-6 &&
      Math.abs(cur.voiRange.upper - range.upper) < 1e-6 &&
      (fn === 'SIGMOID') === (cur.VOILUTFunction === Enums.VOILUTFunctionType.SAMPLED_SIGMOID);
    // Cornerstone's default already matches (e.g. window 1 of the file): skip a second LUT pass.
    if (same) return;
    if (getShouldUseCPURendering()) {
      // Cornerstone's CPU path refuses any VOILUTFunction property (it is always linear there).
      this.viewport?.setProperties({ voiRange: range });
      return;
    }
    this.viewport?.setProperties({
      voiRange: range,
      VOILUTFunction: fn === 'SIGMOID' ? Enums.VOILUTFunctionType.SAMPLED_SIGMOID : Enums.VOILUTFunctionType.LINEAR,
    });
  }

  private applyVoi(choice: VoiChoice) {
    const vp = this.viewport;
    if (!vp || !this.currentBaseImageId) return;
    const h = imageRegistry.get(this.currentBaseImageId)?.header;
    const image = vp.getCornerstoneImage();
    this.voiFunction = 'LINEAR';
    if (!image || image.color) return;
    const fn = normaliseVoiLutFunction(h?.voiLutFunction);
    if (choice.kind === 'window' && h) {
      const c = h.windowCenters[choice.index];
      const w = h.windowWidths[choice.index];
      // PS3.3 C.11.2.1.2: LINEAR and SIGMOID use c - 0.5 ± (w - 1)/2; LINEAR_EXACT uses c ± w/2.
      const range = fn === 'LINEAR_EXACT' ? { lower: c - w / 2, upper: c + w / 2 } : { lower: c - 0.5 - (w - 1) / 2, upper: c - 0.5 + (w - 1) / 2 };
      this.setVoi(range, fn);
    } else if (choice.kind === 'lut') {
      // The VOI LUT image holds LUT output; it is displayed linearly over [0, 2^bits - 1].
      this.setVoi({ lower: 0, upper: image.windowWidth as number }, 'LINEAR_EXACT');
    } else if (!h) {
      // PNG/JPEG: show the stored values as they are (full bit-depth range, LINEAR).
      const w = image.windowWidth as number;
      const c = image.windowCenter as number;
      this.setVoi({ lower: c - 0.5 - (w - 1) / 2, upper: c - 0.5 + (w - 1) / 2 }, 'LINEAR');
    } else {
      const padding =
        h.pixelPaddingValue !== null
          ? {
              value: h.pixelPaddingValue * h.rescaleSlope + h.rescaleIntercept,
              rangeLimit: h.pixelPaddingRangeLimit === null ? null : h.pixelPaddingRangeLimit * h.rescaleSlope + h.rescaleIntercept,
            }
          : null;
      const { min, max } = rangeExcludingPadding(modalityValues(image), padding);
      this.setVoi({ lower: min, upper: max > min ? max : min + 1 }, 'LINEAR_EXACT');
    }
  }

  /** Re-applies a VOI choice to the current image (switching to/from a VOI LUT image if needed). */
  async setVoiChoice(choice: VoiChoice): Promise<void> {
    if (!this.currentBaseImageId) return;
    const vp = this.viewport;
    const resolved = this.resolveChoice(this.currentBaseImageId, choice);
    const currentIsLut = !!parseVoiLutImageId(vp?.getCurrentImageId() ?? '');
    if (resolved.kind === 'lut' || currentIsLut) {
      const presentation = vp?.getViewPresentation();
      const invert = vp?.getProperties().invert;
      await this.show(this.currentBaseImageId, resolved);
      if (presentation) vp?.setViewPresentation(presentation);
      if (invert !== undefined) vp?.setProperties({ invert });
      vp?.render();
      return;
    }
    this.applyVoi(resolved);
    vp?.render();
  }

  /**
   * Gives the left button to the chosen tool at once; middle always pans, right always zooms. Cornerstone's
   * setToolActive adds the new bindings to a tool's previous ones, so every tool first drops all of them
   * (otherwise Pan or Zoom would keep the left button after another tool is chosen).
   */
  setActiveTool(tool: ToolName): void {
    const tg = this.toolGroup;
    if (!tg) return;
    for (const name of Object.values(TOOL_CLASS_NAME)) tg.setToolPassive(name, { removeAllBindings: true });
    tg.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
    tg.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
    // Probe has no Cornerstone tool: the viewport panel reads the pixel under a left click.
    if (tool !== 'Probe') tg.setToolActive(TOOL_CLASS_NAME[tool], { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
  }

  /** Camera pan in canvas units (tests read it to tell a pan from a zoom). */
  getPan(): [number, number] {
    const p = this.viewport?.getPan();
    return p ? [p[0], p[1]] : [0, 0];
  }

  /** Length measurements drawn on the current image. */
  measurementCount(): number {
    const el = this.element;
    if (!el) return 0;
    return annotation.state.getAnnotations(LengthTool.toolName, el)?.length ?? 0;
  }

  private mutate(fn: (vp: Types.IStackViewport) => void) {
    const vp = this.viewport;
    if (!vp || !vp.getCurrentImageId()) return;
    fn(vp);
    vp.render();
  }

  invert(): void {
    this.mutate((vp) => vp.setProperties({ invert: !vp.getProperties().invert }));
  }

  rotate(delta: number): void {
    this.mutate((vp) => {
      const r = vp.getViewPresentation().rotation ?? 0;
      vp.setViewPresentation({ rotation: (((r + delta) % 360) + 360) % 360 });
    });
  }

  flipHorizontal(): void {
    this.mutate((vp) => vp.setViewPresentation({ flipHorizontal: !vp.getViewPresentation().flipHorizontal }));
  }

  flipVertical(): void {
    this.mutate((vp) => vp.setViewPresentation({ flipVertical: !vp.getViewPresentation().flipVertical }));
  }

  zoomBy(factor: number): void {
    this.mutate((vp) => vp.setZoom(vp.getZoom() * factor));
  }

  pan(dx: number, dy: number): void {
    this.mutate((vp) => {
      const p = vp.getPan();
      vp.setPan([p[0] + dx, p[1] + dy] as Types.Point2);
    });
  }

  fit(): void {
    this.mutate((vp) => {
      vp.setZoom(1);
      vp.setPan([0, 0] as Types.Point2);
    });
  }

  /** Window/level by keyboard: shift the window centre and scale the width. */
  nudgeWindow(dCenter: number, widthFactor: number): void {
    this.mutate((vp) => {
      const p = vp.getProperties();
      if (!p.voiRange) return;
      const { lower, upper } = p.voiRange;
      const w = Math.max(1, (upper - lower) * widthFactor);
      const c = (upper + lower) / 2 + dCenter * (upper - lower);
      vp.setProperties({ voiRange: { lower: c - w / 2, upper: c + w / 2 } });
    });
  }

  async reset(): Promise<void> {
    const vp = this.viewport;
    if (!vp || !this.currentBaseImageId) return;
    useStore.getState().setVoiChoice({ kind: 'auto' });
    vp.setViewPresentation({ rotation: 0, flipHorizontal: false, flipVertical: false });
    vp.resetCamera();
    vp.resetProperties();
    await this.setVoiChoice({ kind: 'auto' });
    this.mutate(() => undefined);
  }

  /** Reads the display parameters back from Cornerstone into the store. */
  syncDisplay(): void {
    const vp = this.viewport;
    if (!vp || !vp.getCurrentImageId()) return;
    const props = vp.getProperties();
    const pres = vp.getViewPresentation();
    const fn = this.voiFunction;
    let wc: number | null = null;
    let ww: number | null = null;
    if (props.voiRange) {
      const { lower, upper } = props.voiRange;
      if (fn === 'LINEAR_EXACT') {
        ww = upper - lower;
        wc = (upper + lower) / 2;
      } else {
        // Inverse of PS3.3 LINEAR: lower = c - 0.5 - (w-1)/2, upper = c - 0.5 + (w-1)/2.
        ww = upper - lower + 1;
        wc = (upper + lower) / 2 + 0.5;
      }
    }
    const st = useStore.getState();
    const next = {
      windowCenter: wc,
      windowWidth: ww,
      voiLutFunction: fn,
      invert: !!props.invert,
      rotation: pres.rotation ?? 0,
      flipH: !!pres.flipHorizontal,
      flipV: !!pres.flipVertical,
      zoom: vp.getZoom(),
    };
    const cur = st.display;
    const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => cur[k] !== next[k]);
    if (changed) st.setDisplay(next);
  }

  /** The image as Cornerstone decoded it (the base image, not a VOI LUT derivative). */
  getBaseImage(): Types.IImage | undefined {
    if (!this.currentBaseImageId) return undefined;
    return cache.getImage(this.currentBaseImageId) ?? this.viewport?.getCornerstoneImage();
  }

  /** Image pixel (column,row) under a canvas point, or null outside the image. */
  canvasToPixel(canvasX: number, canvasY: number): { x: number; y: number } | null {
    const vp = this.viewport;
    const image = vp?.getCornerstoneImage();
    if (!vp || !image) return null;
    const world = vp.canvasToWorld([canvasX, canvasY] as Types.Point2);
    const imageData = vp.getImageData();
    if (!imageData) return null;
    const ijk = utilities.transformWorldToIndex(imageData.imageData, world);
    const x = Math.round(ijk[0]);
    const y = Math.round(ijk[1]);
    if (x < 0 || y < 0 || x >= image.columns || y >= image.rows) return null;
    return { x, y };
  }

  getCanvas(): HTMLCanvasElement | null {
    return this.element?.querySelector('canvas.cornerstone-canvas') ?? this.element?.querySelector('canvas') ?? null;
  }
}

export const viewportController = new ViewportController();
