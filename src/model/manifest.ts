// The model manifest: the contract between the trainer (which writes it) and the browser (which reads it).
// Pure types + a validator; imported by both src/ and trainer/.

/** How an image becomes the model's input tensor. Implemented once, in src/model/preprocess.ts. */
export interface PreprocessSpec {
  /** Every image is first area-averaged (box filter) to canonicalSize x canonicalSize ... */
  canonicalSize: number;
  /** ... then bilinearly resampled to the network input size. */
  inputSize: number;
  /** Channels fed to the network: 1 (first conv folded to grey) or 3 (grey replicated). */
  channels: 1 | 3;
  /** x_in = grey01 * scale + offset, where grey01 is the displayed grey level in [0,1] (MONOCHROME2 sense). */
  scale: number;
  offset: number;
  /** How a non-square image is made square before resizing. */
  fit: 'stretch' | 'pad' | 'center-crop';
}

/** Statistics for recognising images unlike the training data (pooled last-conv features). */
export interface OodStats {
  method: 'mahalanobis-pca';
  /** Mean of pooled features (length C). */
  mean: number[];
  /** Principal axes, k x C, row-major. */
  components: number[][];
  /** Variance along each principal axis (length k). */
  variances: number[];
  /**
   * Optional probabilistic-PCA residual: mean variance of the discarded directions. When present the distance adds
   * |x - mean - projection|^2 / residualVariance, so images that differ outside the top-k axes are caught too.
   */
  residualVariance?: number;
  /** Distances above this are out of distribution (chosen on training/validation data). */
  threshold: number;
  /** Distribution of distances seen on in-distribution data, for display (e.g. p50, p95, p99). */
  percentiles: Record<string, number>;
}

export interface FindingMetrics {
  auc: number;
  ci95: [number, number];
  positives: number;
  negatives: number;
}

export interface ModelManifest {
  id: string;
  version: string;
  /** ISO date-time of export. */
  created: string;
  architecture: string;
  /** Relative to the manifest: the tfjs LayersModel with outputs [probabilities, featureMap]. */
  modelUrl: string;
  preprocessing: PreprocessSpec;
  /**
   * Output order of the head. Every label is a finding except `abnormal.label` (the "any finding" output), when
   * present; `findingLabels()` in cxrModel.ts lists the findings.
   */
  labels: string[];
  /** Findings that raise a critical flag (validated ones only; the model card says why each was chosen). */
  critical: string[];
  /**
   * Probability threshold per validated finding, chosen by patient-level cross-validation (models before v2: on a
   * validation split, for every label). A finding without one is "not validated": scored and shown apart, never
   * flagged or called above.
   */
  operatingPoints: Record<string, number>;
  /** Findings without an operating point and why (e.g. "7 positive patients, fewer than 15"). */
  notValidated?: Record<string, string>;
  /**
   * The "any finding" score: one output of the head (a label of `labels` that is not a finding), with its own
   * operating point at a stated sensitivity. The worklist sorts by it.
   */
  abnormal?: { label: string; operatingPoint: number; targetSensitivity: number };
  /** Name of the Dense layer whose kernel (C x labels) maps pooled features to logits: used for CAM. */
  headLayer: string;
  ood: OodStats;
  metrics: {
    dataset: string;
    n: number;
    findings: Record<string, FindingMetrics>;
    abnormal?: FindingMetrics;
  };
  modelCard: string;
  trainingCommand: string;
}

/** public/models/index.json */
export interface ModelIndex {
  default: string;
  models: { id: string; version: string; path: string }[];
}
