// Fetching resources, data: URLs included (the server's CSP allows no fetch of data: URLs,
// so they are decoded here).

/** dataURLBytes decodes a data: URL without fetch (the server's CSP forbids fetching data:). */
export function dataURLBytes(u) {
  const comma = u.indexOf(',');
  const meta = u.slice(5, comma);
  const payload = u.slice(comma + 1);
  const type = meta.split(';')[0] || 'application/octet-stream';
  if (meta.endsWith(';base64')) {
    const bin = atob(payload.replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return { bytes: out, type };
  }
  return { bytes: new TextEncoder().encode(decodeURIComponent(payload)), type };
}

/** fetchBytes gets a resource's bytes, data: URLs included. */
export async function fetchBytes(url) {
  if (url.startsWith('data:')) return dataURLBytes(url);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return { bytes: new Uint8Array(await res.arrayBuffer()), type: res.headers.get('Content-Type') || '' };
}

