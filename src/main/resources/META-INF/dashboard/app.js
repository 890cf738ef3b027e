// The certificate dashboard: plain ES modules over meshtrust's insight endpoints, no framework, no network beyond
// the control plane. Everything the server sends is inserted as text (textContent), never as markup.
import { ApiError, get, getAll, setToken, token } from './api.js';

const $ = (id) => document.getElementById(id);
const HOUR = 3600_000;
const WINDOWS = { 'expiring-1h': HOUR, 'expiring-24h': 24 * HOUR, 'expiring-7d': 7 * 24 * HOUR };
const STATE_LABELS = {
  valid: 'valid', 'renew-due': 'renew due', overdue: 'overdue', expired: 'expired', none: 'never issued',
};
const TIMELINE = { span: '7d', buckets: 28 };

// Filters and paging, mirrored in the location's hash so a reload or a shared link shows the same view.
const view = { mesh: '', state: '', tag: '', name: '', size: 50, offset: 0 };
// Server time minus browser time, so that "in 3 h" agrees with the states the server computed.
let skew = 0;
let signInOpen = false;

function now() {
  return Date.now() + skew;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else if (key === 'title') node.title = value;
    else if (key.startsWith('data-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

function relative(time) {
  if (!time) return '-';
  const ms = Date.parse(time) - now();
  const abs = Math.abs(ms);
  let text;
  if (abs < 60_000) text = `${Math.round(abs / 1000)} s`;
  else if (abs < HOUR) text = `${Math.round(abs / 60_000)} min`;
  else if (abs < 48 * HOUR) {
    const minutes = Math.round(abs / 60_000);
    text = `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  }
  else text = `${Math.round(abs / (24 * HOUR))} d`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

function absolute(time) {
  return time ? new Date(time).toLocaleString() : '';
}

function timeCell(time) {
  return el('td', { title: absolute(time), 'data-time': time || '' }, relative(time));
}

// The window badge shown beside a live certificate's state: neutral information. Colour comes from the state alone,
// which is relative to the certificate's lifetime (amber: past renewAfter; red: overdue or expired), so a fresh
// 24-hour certificate is not painted red for "expiring < 24 h" (kuma#16409).
function windowOf(notAfter) {
  if (!notAfter) return null;
  const left = Date.parse(notAfter) - now();
  if (left <= 0) return null;
  if (left < WINDOWS['expiring-1h']) return '< 1 h';
  if (left < WINDOWS['expiring-24h']) return '< 24 h';
  if (left < WINDOWS['expiring-7d']) return '< 7 d';
  return null;
}

function badge(state, notAfter) {
  const cell = el('td', { 'data-state': state });
  cell.append(el('span', { class: `badge ${state}` }, STATE_LABELS[state] || state));
  const window = state === 'valid' || state === 'renew-due' || state === 'overdue' ? windowOf(notAfter) : null;
  if (window) cell.append(' ', el('span', { class: 'badge window', 'data-window': window }, window));
  return cell;
}

// ---------- view state and the hash ----------

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  view.mesh = params.get('mesh') || '';
  view.state = params.get('state') || '';
  view.tag = params.get('tag') || '';
  view.name = params.get('name') || '';
  view.size = [25, 50, 100].includes(Number(params.get('size'))) ? Number(params.get('size')) : 50;
  view.offset = Math.max(0, Number.parseInt(params.get('offset') || '0', 10) || 0);
  $('filter-state').value = view.state;
  $('filter-tag').value = view.tag;
  $('filter-name').value = view.name;
  $('page-size').value = String(view.size);
  ensureMeshOption(view.mesh);
  $('filter-mesh').value = view.mesh;
}

function writeHash() {
  const params = new URLSearchParams();
  for (const key of ['mesh', 'state', 'tag', 'name']) if (view[key]) params.set(key, view[key]);
  if (view.size !== 50) params.set('size', view.size);
  if (view.offset) params.set('offset', view.offset);
  const hash = params.toString();
  if (location.hash.slice(1) !== hash) history.replaceState(null, '', hash ? `#${hash}` : location.pathname);
}

function ensureMeshOption(mesh) {
  const select = $('filter-mesh');
  if (mesh && ![...select.options].some((o) => o.value === mesh)) select.append(el('option', { value: mesh }, mesh));
}

// ---------- errors and sign-in ----------

function showBanner(text) {
  const banner = $('banner');
  banner.textContent = text;
  banner.hidden = !text;
}

// A 401 means the token was refused (expired, revoked, unknown key): ask for a new one instead of failing.
function handle(error, section) {
  if (error instanceof ApiError && error.status === 401) {
    setToken(null);
    openSignIn(`The control plane refused the token: ${error.body?.detail || error.message}. Sign in again.`);
    section?.replaceChildren(el('p', { class: 'muted' }, 'Sign in to see this section.'));
    return;
  }
  const text = error instanceof ApiError ? error.message : `Unexpected error: ${error}`;
  if (error instanceof ApiError && error.status === 403) {
    showBanner(`Not allowed: ${text}. Sign in with a token of a user who may read dataplanes.`);
  } else {
    showBanner(text);
  }
  console.error(error);
}

function openSignIn(reason) {
  const dialog = $('sign-in-dialog');
  $('sign-in-reason').textContent = reason || '';
  $('sign-in-reason').hidden = !reason;
  $('sign-in-error').hidden = true;
  $('token').value = '';
  if (!dialog.open) dialog.showModal();
  signInOpen = true;
}

async function signIn(event) {
  event.preventDefault();
  const value = $('token').value.trim();
  if (!value) return;
  setToken(value);
  try {
    await get('/who-am-i');
  } catch (error) {
    setToken(null);
    const error_ = $('sign-in-error');
    error_.textContent = error instanceof ApiError && error.status === 401
      ? `This token is not accepted: ${error.body?.detail || error.message}`
      : error.message;
    error_.hidden = false;
    return;
  }
  $('sign-in-dialog').close();
  signInOpen = false;
  showBanner('');
  await refresh();
}

function signOut() {
  setToken(null);
  showBanner('');
  refresh();
}

async function loadIdentity() {
  try {
    const me = await get('/who-am-i');
    const groups = (me.groups || []).join(', ');
    $('identity').textContent = token() ? `Signed in as ${me.name}` : `${me.name} (no token)`;
    $('identity').title = groups ? `groups: ${groups}` : '';
    $('sign-out').hidden = !token();
    $('sign-in').hidden = Boolean(token());
  } catch (error) {
    $('identity').textContent = 'not signed in';
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    handle(error, null);
  }
}

// ---------- summary: cards, timeline, soonest ----------

function summaryPath() {
  return view.mesh ? `/meshes/${encodeURIComponent(view.mesh)}/certificate-insights` : '/certificate-insights';
}

async function loadSummary() {
  const cards = $('cards');
  try {
    const started = Date.now();
    const insight = await get(summaryPath(), { soonest: 10, histogram: TIMELINE.span, buckets: TIMELINE.buckets });
    skew = Date.parse(insight.creationTime) - Math.round((started + Date.now()) / 2);
    $('summary-scope').textContent = view.mesh ? `in mesh ${view.mesh}` : 'in every mesh';
    renderCards(insight);
    renderTimeline(insight);
    renderSoonest(insight.soonest);
    return insight;
  } catch (error) {
    handle(error, cards);
    return null;
  }
}

function renderCards(insight) {
  const d = insight.dataplanes;
  const w = insight.expiringWithin;
  const cards = [
    ['', 'Dataplanes', d.total, 'total'],
    ['valid', 'Valid', d.valid, 'valid', 'before renewAfter'],
    ['renew-due', 'Renew due', d.renewDue, 'renew-due', 'past renewAfter, within the overdue grace: renewing now'],
    ['overdue', 'Overdue', d.overdue, 'overdue',
      'past renewAfter by more than the overdue grace: should have renewed and did not'],
    ['expired', 'Expired', d.expired, 'expired', 'past notAfter'],
    ['expiring-1h', 'Expiring < 1 h', w['1h'], 'window', 'information, whatever the lifetime'],
    ['expiring-24h', 'Expiring < 24 h', w['24h'], 'window', 'information, whatever the lifetime'],
    ['expiring-7d', 'Expiring < 7 d', w['7d'], 'window', 'information, whatever the lifetime'],
    ['none', 'Never issued', d.none, 'none'],
  ];
  $('cards').replaceChildren(...cards.map(([state, label, count, tone, meaning]) => {
    const title = state ? `Show only: ${label.toLowerCase()}${meaning ? ` (${meaning})` : ''}` : 'Show every state';
    const card = el('button', { type: 'button', class: `card ${tone}${view.state === state && state ? ' active' : ''}`,
      'data-card': state || 'total', 'data-tone': tone, title },
    el('span', { class: 'count', 'data-count': String(count) }, count.toLocaleString()), el('span', {}, label));
    card.addEventListener('click', () => {
      view.state = state;
      view.offset = 0;
      $('filter-state').value = state;
      reloadForFilters();
    });
    return card;
  }));
}

function renderTimeline(insight) {
  const h = insight.expirationHistogram;
  const box = $('timeline');
  if (!h) {
    box.replaceChildren();
    return;
  }
  const max = Math.max(1, ...h.counts);
  const width = 560;
  const height = 140;
  const barWidth = width / h.counts.length;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height + 22}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Certificates expiring per 6-hour bucket over the next 7 days');
  const from = Date.parse(h.from);
  h.counts.forEach((count, i) => {
    const barHeight = count === 0 ? 0 : Math.max(2, (count / max) * height);
    const rect = document.createElementNS(ns, 'rect');
    rect.setAttribute('x', String(i * barWidth + 1));
    rect.setAttribute('y', String(height - barHeight));
    rect.setAttribute('width', String(barWidth - 2));
    rect.setAttribute('height', String(barHeight));
    rect.setAttribute('class', 'bar');
    rect.setAttribute('data-count', String(count));
    const title = document.createElementNS(ns, 'title');
    const start = new Date(from + i * h.bucketSeconds * 1000);
    const end = new Date(from + (i + 1) * h.bucketSeconds * 1000);
    title.textContent = `${start.toLocaleString()} – ${end.toLocaleTimeString()}: ${count} certificate(s)`;
    rect.append(title);
    svg.append(rect);
  });
  const perDay = Math.round(86_400 / h.bucketSeconds);
  for (let i = 0; i <= h.counts.length; i += perDay) {
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', String(Math.min(i * barWidth, width - 30)));
    label.setAttribute('y', String(height + 16));
    label.setAttribute('class', 'axis');
    label.textContent = i === 0 ? 'now' : `+${Math.round((i * h.bucketSeconds) / 86_400)} d`;
    svg.append(label);
  }
  const total = h.counts.reduce((a, b) => a + b, 0);
  box.replaceChildren(svg, el('p', { class: 'muted', 'data-total': String(total) },
    `${total.toLocaleString()} certificate(s) expire in the next 7 days; ${insight.dataplanes.expired.toLocaleString()} already expired.`));
}

function renderSoonest(items) {
  const list = $('soonest');
  if (!items.length) {
    list.replaceChildren(el('li', { class: 'muted' }, 'No live certificates.'));
    return;
  }
  list.replaceChildren(...items.map((item) => el('li', { 'data-name': item.name },
    el('span', { class: `badge ${item.state}` }, STATE_LABELS[item.state] || item.state), ' ',
    el('strong', {}, item.name), el('span', { class: 'muted' }, ` in ${item.mesh}`), ' ',
    el('span', { title: absolute(item.certificateExpirationTime) }, `expires ${relative(item.certificateExpirationTime)}`))));
}

// ---------- meshes ----------

async function loadMeshes(summary) {
  const body = $('meshes').tBodies[0];
  try {
    const [meshes, insights, cas] = await Promise.all([
      getAll('/meshes'),
      getAll('/mesh-insights'),
      view.mesh || !summary ? get('/certificate-insights', { soonest: 0 }).then((i) => i.certificateAuthorities)
        : Promise.resolve(summary.certificateAuthorities),
    ]);
    const byMesh = new Map(insights.map((i) => [i.name, i]));
    const caByMesh = new Map(cas.map((c) => [c.mesh, c]));
    const select = $('filter-mesh');
    select.replaceChildren(el('option', { value: '' }, 'all meshes'),
      ...meshes.map((m) => el('option', { value: m.name }, m.name)));
    ensureMeshOption(view.mesh);
    select.value = view.mesh;
    if (!meshes.length) {
      body.replaceChildren(el('tr', {}, el('td', { colSpan: 5, class: 'muted' }, 'No meshes yet.')));
      return;
    }
    body.replaceChildren(...meshes.map((mesh) => {
      const mtls = mesh.mtls || {};
      const backend = (mtls.backends || []).find((b) => b.name === mtls.enabledBackend);
      const ca = caByMesh.get(mesh.name);
      const counts = byMesh.get(mesh.name)?.dataplanes || {};
      let caCell;
      if (!mtls.enabledBackend) caCell = el('td', { class: 'muted' }, '-');
      else if (ca?.error) caCell = el('td', { class: 'error', title: ca.error }, 'cannot be loaded');
      else if (ca?.notAfter) caCell = timeCell(ca.notAfter);
      else caCell = el('td', { class: 'muted' }, '-');
      const row = el('tr', { 'data-mesh': mesh.name },
        el('td', {}, el('a', { href: '#', class: 'mesh-link' }, mesh.name)),
        el('td', {}, mtls.enabledBackend ? `${mtls.enabledBackend} (${backend?.type || '?'})` : 'mTLS off'),
        caCell,
        el('td', { class: 'num' }, (counts.total || 0).toLocaleString()),
        el('td', { class: 'num' }, (counts.online || 0).toLocaleString()));
      row.querySelector('a').addEventListener('click', (e) => {
        e.preventDefault();
        view.mesh = mesh.name;
        view.offset = 0;
        $('filter-mesh').value = mesh.name;
        reloadForFilters();
      });
      return row;
    }));
  } catch (error) {
    handle(error, null);
  }
}

// ---------- CA rotation ----------

const LAGGARDS_SHOWN = 10;

// Every mesh whose rotation is under way (not stable, or stable with online dataplanes still holding a retired
// root): its phase, next step, per-backend progress and the first dataplanes holding the next step up.
async function loadRotations() {
  const section = $('rotation-section');
  try {
    const all = await getAll('/ca-rotation');
    const rotating = all.filter((r) => r.mtlsEnabled && (r.phase !== 'stable' || r.laggards?.blocking > 0));
    const views = await Promise.all(rotating.map((r) => get(`/meshes/${encodeURIComponent(r.mesh)}/ca-rotation`,
      { size: LAGGARDS_SHOWN })));
    $('rotations').replaceChildren(...views.map(rotationView));
    section.hidden = views.length === 0;
  } catch (error) {
    section.hidden = true;
    handle(error, null);
  }
}

function progressCell(count, of) {
  const share = of > 0 ? Math.round((100 * count) / of) : 0;
  const fill = el('span', { class: 'fill' });
  fill.style.width = `${share}%`; // CSSOM, which the page's CSP (style-src 'self') allows
  return el('td', { class: 'num progress', 'data-count': String(count), title: `${share} % of ${of} online` },
    el('span', { class: 'bar' }, fill),
    ` ${count.toLocaleString()} / ${of.toLocaleString()}`);
}

function rotationView(r) {
  const online = r.dataplanes.withCertificate.online;
  const backends = el('table', { class: 'backends' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Backend'), el('th', {}, 'Type'),
      el('th', {}, 'Online trusting it'), el('th', {}, 'Online holding its certificate'), el('th', {}, 'Offline'))),
    el('tbody', {}, ...r.backends.map((b) => el('tr', { 'data-backend': b.name },
      el('td', {}, b.enabled ? `${b.name} (enabled)` : b.name),
      el('td', {}, b.type),
      progressCell(b.trustedBy.online, online),
      progressCell(b.issuerOf.online, online),
      el('td', { class: 'num muted' }, `${b.trustedBy.offline} trusting, ${b.issuerOf.offline} holding`)))));
  const page = r.holdingUp;
  const laggards = page.items.length === 0
    ? el('p', { class: 'muted' }, 'No dataplane holds the next step up.')
    : el('table', { class: 'laggards' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Dataplane'), el('th', {}, 'Why'), el('th', {}, 'Issuer'),
        el('th', {}, 'Roots'), el('th', {}, 'Renews'), el('th', {}, 'Last seen'))),
      el('tbody', {}, ...page.items.map((l) => el('tr', { 'data-name': l.name, 'data-reason': l.reason },
        el('td', {}, l.name),
        el('td', {}, el('span', { class: `reason ${l.reason.replace(' ', '-')}` }, l.reason)),
        el('td', {}, l.issuedBackend || '-'),
        el('td', {}, (l.supportedBackends || []).join(', ') || '-'),
        timeCell(l.renewAfter),
        timeCell(l.lastSeen)))));
  const more = page.total > page.items.length
    ? el('p', { class: 'muted', 'data-test': 'more' },
      `and ${(page.total - page.items.length).toLocaleString()} more: GET /meshes/${r.mesh}/ca-rotation?offset=${page.items.length}`)
    : null;
  return el('article', { class: 'rotation', 'data-mesh': r.mesh, 'data-phase': r.phase },
    el('h3', {}, `${r.mesh} `, el('span', { class: `phase ${r.phase}` }, r.phase)),
    el('p', { class: 'next-step' }, `Next step: ${r.nextStep}`),
    backends,
    el('h4', {}, `Holding it up (${page.total.toLocaleString()})`),
    laggards,
    more);
}

// ---------- dataplanes ----------

function dataplaneParams() {
  const params = { size: view.size, offset: view.offset, name: view.name };
  if (view.tag) params.tag = view.tag;
  if (WINDOWS[view.state]) {
    params.certExpiresAfter = new Date(now()).toISOString();
    params.certExpiresBefore = new Date(now() + WINDOWS[view.state]).toISOString();
  } else if (view.state) {
    params.certState = view.state;
  }
  return params;
}

async function loadDataplanes() {
  const body = $('dataplanes').tBodies[0];
  const path = view.mesh
    ? `/meshes/${encodeURIComponent(view.mesh)}/certificate-insights/dataplanes` : '/certificate-insights/dataplanes';
  body.setAttribute('aria-busy', 'true');
  try {
    const page = await get(path, dataplaneParams());
    if (page.items.length === 0 && view.offset > 0 && page.total > 0) {
      view.offset = Math.max(0, Math.floor((page.total - 1) / view.size) * view.size);
      writeHash();
      return loadDataplanes();
    }
    body.replaceChildren(...(page.items.length ? page.items.map(row)
      : [el('tr', {}, el('td', { colSpan: 9, class: 'muted' }, 'No dataplane matches these filters.'))]));
    const first = page.items.length ? view.offset + 1 : 0;
    const last = view.offset + page.items.length;
    $('page-info').textContent = `${first.toLocaleString()}–${last.toLocaleString()} of ${page.total.toLocaleString()}`;
    $('page-info').dataset.total = String(page.total);
    $('prev').disabled = view.offset === 0;
    $('first').disabled = view.offset === 0;
    $('next').disabled = last >= page.total;
  } catch (error) {
    handle(error, null);
    body.replaceChildren(el('tr', {}, el('td', { colSpan: 9, class: 'muted' },
      error instanceof ApiError && error.status === 401 ? 'Sign in to see the dataplanes.' : error.message)));
    $('page-info').textContent = '';
  } finally {
    body.removeAttribute('aria-busy');
  }
  return undefined;
}

function row(item) {
  return el('tr', { 'data-name': item.name, 'data-mesh': item.mesh },
    el('td', {}, item.mesh),
    el('td', {}, item.name),
    el('td', {}, (item.services || []).join(', ') || '-'),
    el('td', { class: item.status === 'Online' ? 'online' : 'muted' }, item.status),
    badge(item.state, item.certificateExpirationTime),
    timeCell(item.certificateExpirationTime),
    timeCell(item.lastCertificateRegeneration),
    el('td', { class: 'num' }, item.certificateRegenerations ?? '-'),
    el('td', {}, item.issuedBackend || '-'));
}

// ---------- wiring ----------

let loading = null;

async function refresh() {
  if (loading) return loading;
  loading = (async () => {
    readHash();
    await loadIdentity();
    if (signInOpen) return;
    const summary = await loadSummary();
    await Promise.all([loadMeshes(summary), loadDataplanes(), loadRotations()]);
  })().finally(() => {
    loading = null;
    document.body.dataset.loaded = String(Date.now());
  });
  return loading;
}

async function reloadForFilters() {
  writeHash();
  await loading;
  await Promise.all([loadSummary(), loadDataplanes()]);
  document.body.dataset.loaded = String(Date.now());
}

function wire() {
  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    view.mesh = $('filter-mesh').value;
    view.state = $('filter-state').value;
    view.tag = $('filter-tag').value.trim();
    view.name = $('filter-name').value.trim();
    view.offset = 0;
    reloadForFilters();
  });
  $('filters').addEventListener('reset', () => {
    Object.assign(view, { mesh: '', state: '', tag: '', name: '', offset: 0 });
    setTimeout(reloadForFilters);
  });
  for (const id of ['filter-mesh', 'filter-state']) {
    $(id).addEventListener('change', () => $('filters').requestSubmit());
  }
  $('page-size').addEventListener('change', () => {
    view.size = Number($('page-size').value);
    view.offset = 0;
    reloadForFilters();
  });
  const page = (offset) => {
    view.offset = Math.max(0, offset);
    writeHash();
    loadDataplanes().then(() => { document.body.dataset.loaded = String(Date.now()); });
  };
  $('first').addEventListener('click', () => page(0));
  $('prev').addEventListener('click', () => page(view.offset - view.size));
  $('next').addEventListener('click', () => page(view.offset + view.size));
  $('refresh').addEventListener('click', () => refresh());
  $('sign-in').addEventListener('click', () => openSignIn());
  $('sign-out').addEventListener('click', signOut);
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-in-cancel').addEventListener('click', () => {
    $('sign-in-dialog').close();
    signInOpen = false;
    refresh();
  });
  window.addEventListener('hashchange', () => refresh());
  setInterval(() => { if (!signInOpen && document.visibilityState === 'visible') refresh(); }, 30_000);
}

wire();
refresh();
