import { createContext, useContext } from 'react';

/** Which copy of the service this admin talks to (GET /healthz `instance`), and its colour. */
export interface InstanceInfo {
  name: string;
  color: string;
  version: string | null;
}

const FIXED_COLORS: Record<string, string> = {
  A: '#1565c0', // blue
  B: '#d84315', // deep orange
};

/** A blue for A, a deep orange for B, and for any other name a colour of its own from a hash. */
export function instanceColor(name: string): string {
  const fixed = FIXED_COLORS[name.toUpperCase()];
  if (fixed) return fixed;
  let hash = 0;
  for (const ch of name) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
  const hue = Math.abs(hash) % 360;
  return `hsl(${hue}, 60%, 36%)`;
}

export async function fetchInstance(timeoutMs = 5000): Promise<InstanceInfo> {
  let name = '?';
  let version: string | null = null;
  try {
    const response = await fetch('/healthz', { signal: AbortSignal.timeout(timeoutMs), cache: 'no-store' });
    const body = (await response.json()) as { instance?: unknown; version?: unknown };
    if (typeof body.instance === 'string' && body.instance) name = body.instance;
    if (typeof body.version === 'string') version = body.version;
  } catch {
    // The server is down or this is not it: the admin still starts, with an unknown instance.
  }
  return { name, version, color: instanceColor(name) };
}

export const InstanceContext = createContext<InstanceInfo>({ name: '?', version: null, color: instanceColor('?') });

export const useInstance = (): InstanceInfo => useContext(InstanceContext);

/** "Orders · A": the app bar's title. */
export const appTitle = (instance: InstanceInfo): string => `Orders · ${instance.name}`;
