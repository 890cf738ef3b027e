// The control plane's API as the dashboard uses it: JSON, the user token from session storage, at the address the
// server wrote into the page (its base path, or its root URL behind a proxy; empty: this origin's root).
// Every failure becomes an ApiError carrying Kuma's error body (title, detail, invalid_parameters).

const TOKEN_KEY = 'meshtrust.token';

/** The API's address without a trailing slash, from the page's `meshtrust-config` data block. */
export const API_URL = readApiUrl();

function readApiUrl() {
  const block = document.getElementById('meshtrust-config');
  try {
    const url = block ? JSON.parse(block.textContent).apiUrl : '';
    return typeof url === 'string' ? url.replace(/\/+$/, '') : '';
  } catch (e) {
    return '';
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

export class ApiError extends Error {
  constructor(status, body, path) {
    super(describe(status, body, path));
    this.status = status;
    this.body = body;
    this.path = path;
  }
}

// One readable line from Kuma's error body, as the CLI prints it.
function describe(status, body, path) {
  if (!body || typeof body !== 'object') {
    return status === 0 ? `the control plane cannot be reached (${path})` : `HTTP ${status} from ${path}`;
  }
  let text = body.title || `HTTP ${status}`;
  if (body.detail) {
    text += `: ${body.detail}`;
  }
  for (const v of body.invalid_parameters || body.causes || []) {
    text += `; ${v.field}: ${v.reason || v.message}`;
  }
  return text;
}

/** GET a path of the API (with a query built from params, empty values left out), resolving to its JSON. */
export async function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== null && v !== '') {
        query.append(key, String(v));
      }
    }
  }
  const url = API_URL + (query.toString() ? `${path}?${query}` : path);
  const headers = { Accept: 'application/json' };
  const bearer = token();
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  let response;
  try {
    response = await fetch(url, { headers, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, null, path);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    // not JSON: reported by status
  }
  if (!response.ok) {
    throw new ApiError(response.status, body, path);
  }
  return body;
}

/** Every item of a Kuma list, following `next` (bounded, for small lists such as meshes). */
export async function getAll(path, params = {}, limit = 1000) {
  const items = [];
  let offset = 0;
  for (;;) {
    const page = await get(path, { ...params, size: 100, offset });
    items.push(...page.items);
    if (!page.next || items.length >= limit || page.items.length === 0) {
      return items;
    }
    offset += page.items.length;
  }
}
