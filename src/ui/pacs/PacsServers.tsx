// Server settings: the saved DICOMweb servers (choose the active one, edit, remove), a form to add or edit one,
// and a connection test. Credentials are kept for this session only (sessionStorage) unless the reader ticks
// "Remember on this computer" (localStorage, unencrypted; the warning says so). See docs/pacs.md.
import { useState, type FormEvent } from 'react';
import { usePacsStore } from '../../pacs/pacsStore';
import { normaliseBaseUrl } from '../../pacs/auth';
import { DicomWebClient } from '../../pacs/client';
import { describeError } from '../../pacs/errors';
import { newServerId } from '../../pacs/settings';
import type { PacsAuth, PacsServer } from '../../pacs/types';
import { DEFAULT_TIMEOUT_MS } from '../../pacs/types';

interface FormState {
  id: string | null;
  name: string;
  baseUrl: string;
  authKind: PacsAuth['kind'];
  username: string;
  password: string;
  token: string;
  remember: boolean;
  timeoutS: string;
}

const empty: FormState = {
  id: null,
  name: '',
  baseUrl: '',
  authKind: 'none',
  username: '',
  password: '',
  token: '',
  remember: false,
  timeoutS: String(DEFAULT_TIMEOUT_MS / 1000),
};

function toForm(s: PacsServer): FormState {
  return {
    id: s.id,
    name: s.name,
    baseUrl: s.baseUrl,
    authKind: s.auth.kind,
    username: s.auth.kind === 'basic' ? s.auth.username : '',
    password: s.auth.kind === 'basic' ? s.auth.password : '',
    token: s.auth.kind === 'bearer' ? s.auth.token : '',
    remember: s.credentialStore === 'local',
    timeoutS: String(Math.round(s.timeoutMs / 1000)),
  };
}

function fromForm(f: FormState): PacsServer {
  const baseUrl = normaliseBaseUrl(f.baseUrl);
  const name = f.name.trim() || baseUrl;
  const auth: PacsAuth =
    f.authKind === 'basic'
      ? { kind: 'basic', username: f.username, password: f.password }
      : f.authKind === 'bearer'
        ? { kind: 'bearer', token: f.token }
        : { kind: 'none' };
  const t = Number(f.timeoutS);
  return {
    id: f.id ?? newServerId(),
    name,
    baseUrl,
    auth,
    credentialStore: f.remember ? 'local' : 'session',
    timeoutMs: Number.isFinite(t) && t >= 1 ? Math.round(t * 1000) : DEFAULT_TIMEOUT_MS,
  };
}

export function PacsServers() {
  const servers = usePacsStore((s) => s.servers);
  const activeId = usePacsStore((s) => s.activeId);
  const [form, setForm] = useState<FormState>(empty);
  const [error, setError] = useState('');
  const [test, setTest] = useState<{ state: 'idle' | 'testing' | 'ok' | 'error'; message: string }>({ state: 'idle', message: '' });
  const set = (p: Partial<FormState>) => setForm({ ...form, ...p });

  const save = (e: FormEvent) => {
    e.preventDefault();
    try {
      const s = fromForm(form);
      usePacsStore.getState().saveServer(s);
      setForm(toForm(s));
      setError('');
    } catch (err) {
      setError(`Not saved: ${describeError(err)}.`);
    }
  };

  const testConnection = async (server: PacsServer) => {
    setTest({ state: 'testing', message: `Testing ${server.name}…` });
    try {
      setTest({ state: 'ok', message: await new DicomWebClient(server).testConnection() });
    } catch (err) {
      setTest({ state: 'error', message: describeError(err) });
    }
  };

  return (
    <div className="pacs-servers">
      <table className="pacs-server-list" aria-label="PACS servers">
        <thead>
          <tr>
            <th scope="col">Active</th>
            <th scope="col">Name</th>
            <th scope="col">Base URL</th>
            <th scope="col">Authentication</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {servers.map((s) => (
            <tr key={s.id} data-testid="pacs-server-row" data-server-id={s.id}>
              <td>
                <input
                  type="radio"
                  name="pacs-active"
                  checked={s.id === activeId}
                  onChange={() => usePacsStore.getState().setActive(s.id)}
                  aria-label={`Use ${s.name}`}
                />
              </td>
              <td>{s.name}</td>
              <td>
                <code>{s.baseUrl}</code>
              </td>
              <td>
                {s.auth.kind === 'none' ? 'none' : s.auth.kind === 'basic' ? `basic (${s.auth.username || 'no user'})` : 'bearer token'}
                {s.auth.kind !== 'none' ? (s.credentialStore === 'local' ? ', remembered on this computer' : ', this session only') : ''}
              </td>
              <td className="pacs-server-actions">
                <button type="button" onClick={() => setForm(toForm(s))} aria-label={`Edit ${s.name}`}>
                  Edit
                </button>
                <button type="button" onClick={() => void testConnection(s)} aria-label={`Test ${s.name}`}>
                  Test
                </button>
                <button type="button" disabled={servers.length < 2} onClick={() => usePacsStore.getState().removeServer(s.id)} aria-label={`Remove ${s.name}`}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <form className="pacs-server-form" onSubmit={save} aria-label="Server settings">
        <h3>{form.id ? `Edit “${form.name}”` : 'Add a server'}</h3>
        <label>
          Name <input aria-label="Name" value={form.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label>
          Base URL{' '}
          <input
            aria-label="Base URL"
            value={form.baseUrl}
            onChange={(e) => set({ baseUrl: e.target.value })}
            placeholder="https://pacs.example.org/dicom-web or ./dicomweb"
            required
          />
        </label>
        <label>
          Authentication{' '}
          <select aria-label="Authentication" value={form.authKind} onChange={(e) => set({ authKind: e.target.value as PacsAuth['kind'] })}>
            <option value="none">none</option>
            <option value="basic">basic (user name and password)</option>
            <option value="bearer">bearer token</option>
          </select>
        </label>
        {form.authKind === 'basic' && (
          <>
            <label>
              User name <input aria-label="User name" value={form.username} autoComplete="off" onChange={(e) => set({ username: e.target.value })} />
            </label>
            <label>
              Password{' '}
              <input
                aria-label="Password"
                type="password"
                value={form.password}
                autoComplete="new-password"
                onChange={(e) => set({ password: e.target.value })}
              />
            </label>
          </>
        )}
        {form.authKind === 'bearer' && (
          <label>
            Token <input aria-label="Token" type="password" value={form.token} autoComplete="off" onChange={(e) => set({ token: e.target.value })} />
          </label>
        )}
        {form.authKind !== 'none' && (
          <>
            <label className="pacs-check">
              <input
                type="checkbox"
                aria-label="Remember on this computer"
                aria-describedby="pacs-remember-warning"
                checked={form.remember}
                onChange={(e) => set({ remember: e.target.checked })}
              />{' '}
              Remember on this computer
            </label>
            <p id="pacs-remember-warning" className="pacs-note pacs-warning" data-testid="pacs-remember-warning">
              Stored unencrypted in this browser profile; anyone using this computer account can read it.
            </p>
          </>
        )}
        <label>
          Timeout (s) <input aria-label="Timeout (s)" type="number" min={1} value={form.timeoutS} onChange={(e) => set({ timeoutS: e.target.value })} />
        </label>
        <div className="pacs-form-buttons">
          <button type="submit">{form.id ? 'Save' : 'Add server'}</button>
          {form.id && (
            <button type="button" onClick={() => setForm(empty)}>
              New server
            </button>
          )}
          <button
            type="button"
            onClick={() => {
              try {
                void testConnection(fromForm(form));
              } catch (err) {
                setTest({ state: 'error', message: describeError(err) });
              }
            }}
          >
            Test connection
          </button>
        </div>
        {error && (
          <p role="alert" className="pacs-error">
            {error}
          </p>
        )}
        <p className="pacs-note">
          Credentials are kept{' '}
          {form.remember
            ? 'on this computer (localStorage, until you remove the server or untick Remember)'
            : 'for this session only (sessionStorage: gone when the tab closes)'}{' '}
          and sent only as an Authorization header to this server.
        </p>
      </form>
      <p className="pacs-connection" data-testid="pacs-connection-status" data-state={test.state} role={test.state === 'error' ? 'alert' : 'status'}>
        {test.message}
      </p>
    </div>
  );
}
