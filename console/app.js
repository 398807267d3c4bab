'use strict';
// The keyword-trend console: talks to the API only through its public contract, on the same origin.

const $ = (id) => document.getElementById(id);
const MIN_POLL_SECONDS = 1;
const DEFAULT_POLL_SECONDS = 10;
const BUSY_RETRIES = 5;
/** Which input a 400 is about, by the field name its message starts with. */
const FIELDS = {
  orchestrate: { industry: 'industry', usp: 'usp', key_services: 'key-services', location: 'location' },
  trends: { industry: 'trends-industry', keywords: 'trends-keywords', series_csv: 'trends-csv' },
};

const state = { keywords: [], sort: { key: 'weight', descending: true }, trends: null, chart: null, following: 0, jobId: null, tracesAvailable: false };

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

function retryAfterSeconds(reply, fallback) {
  const value = Number.parseInt(reply.headers.get('Retry-After') ?? '', 10);
  return Math.max(MIN_POLL_SECONDS, Number.isFinite(value) ? value : fallback);
}

/** What a refused request means, in plain words; never the raw body. */
function explain(status, body) {
  const said = body && typeof body.message === 'string' ? body.message : '';
  switch (status) {
    case 400: return said || 'The request was not accepted. Check the fields and try again.';
    case 401: return 'The API needs a token: paste it under "API token" above.';
    case 403: return 'This token may not do that.';
    case 404: return 'That job was not found. Jobs are kept for 7 days.';
    case 409: return said || 'That job is already finished.';
    case 413: return 'That is too large to send. Try a shorter export or fewer keywords.';
    case 422: return said || 'That request was already made with other values.';
    case 429: return 'Too many requests right now. Please wait a moment.';
    case 503: return 'The service is busy. Please try again in a minute.';
    default: return `Something went wrong on our side (HTTP ${status}). Please try again.`;
  }
}

/** One API call: JSON in and out, the token when given, and a busy store (503) retried at its pace. */
async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = $('token').value.trim();
  if (token) headers.Authorization = `Bearer ${token}`;
  for (let attempt = 0; ; attempt++) {
    let reply;
    try {
      reply = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      if (attempt < BUSY_RETRIES) { await sleep(2 * (attempt + 1)); continue; }
      throw new ApiError(0, 'The API cannot be reached. Check your connection and try again.');
    }
    let json = null;
    try { json = await reply.json(); } catch { json = null; }
    if (reply.status === 503 && attempt < BUSY_RETRIES) {
      const wait = retryAfterSeconds(reply, 5);
      showStatus(`The service is busy; trying again in ${wait} s…`);
      await sleep(wait);
      continue;
    }
    if (!reply.ok) throw new ApiError(reply.status, explain(reply.status, json));
    return { json, reply };
  }
}

function showError(message, type) {
  const box = $('error');
  box.textContent = message;
  box.hidden = false;
  document.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  const fields = FIELDS[type] ?? {};
  const field = Object.keys(fields).find((name) => message.startsWith(name) || message.includes(`'${name}'`)
      || message.includes(`"${name}"`) || message.includes(` ${name} `));
  if (field) {
    const input = $(fields[field]);
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
}

function clearError() {
  $('error').hidden = true;
  document.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
}

function showStatus(text, percent) {
  $('job-panel').hidden = false;
  $('job-status').textContent = text;
  if (percent !== undefined) $('job-progress').value = percent;
}

const lines = (text) => text.split(/\r?\n|,/).map((s) => s.trim()).filter(Boolean);

// ---- jobs -------------------------------------------------------------------------------------

async function start(type, body) {
  clearError();
  try {
    const { json } = await api('POST', `/${type}`, body);
    remember(json.job_id, type, body.industry);
    await follow(type, json.job_id);
  } catch (e) {
    showError(e instanceof ApiError ? e.message : 'Something went wrong in this page. Please reload it.', type);
  }
}

/** Polls a job at the pace the API asks for until it is COMPLETED or FAILED; a newer job stops an older follow. */
async function follow(type, jobId) {
  const mine = ++state.following;
  for (;;) {
    const { json, reply } = await api('GET', `/jobs/${encodeURIComponent(jobId)}`);
    if (mine !== state.following) return;
    const label = type === 'orchestrate' ? 'Keyword discovery' : 'Trend analysis';
    offerTrace(jobId);
    if (json.status === 'COMPLETED') {
      showStatus(`${label} finished.`, 100);
      if (type === 'orchestrate') showKeywords(json); else showTrends(json);
      refreshHistory();
      return;
    }
    if (json.status === 'FAILED') {
      showStatus(`${label} failed.`, json.progress ?? 0);
      throw new ApiError(200, json.message || 'The job failed.');
    }
    const stage = json.stage ? ` (${json.stage})` : '';
    showStatus(`${label}: ${json.status.toLowerCase()}${stage}, ${json.progress ?? 0} %`, json.progress ?? 0);
    await sleep(retryAfterSeconds(reply, DEFAULT_POLL_SECONDS));
  }
}

/** The jobs this browser started: the history when the API has no listing. */
function remember(jobId, type, industry) {
  const known = JSON.parse(localStorage.getItem('keyword-trend-jobs') ?? '[]');
  known.unshift({ job_id: jobId, type, industry, created_at: new Date().toISOString() });
  localStorage.setItem('keyword-trend-jobs', JSON.stringify(known.slice(0, 50)));
}

async function refreshHistory() {
  let jobs;
  try {
    jobs = (await api('GET', '/jobs?limit=20')).json.jobs;
  } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 403)) return;
    jobs = JSON.parse(localStorage.getItem('keyword-trend-jobs') ?? '[]');
  }
  const list = $('history-list');
  list.replaceChildren(...jobs.map((job) => {
    const item = document.createElement('li');
    const when = new Date(job.created_at).toLocaleString();
    const text = document.createElement('span');
    text.textContent = `${job.type === 'orchestrate' ? 'Keywords' : 'Trends'} · ${job.industry ?? ''} · ${when}`
        + (job.status ? ` · ${job.status.toLowerCase()}` : '');
    const open = document.createElement('button');
    open.type = 'button';
    open.textContent = 'Open';
    open.setAttribute('aria-label', `Open ${text.textContent}`);
    open.addEventListener('click', () => {
      clearError();
      follow(job.type, job.job_id).catch((e) => showError(e.message, job.type));
    });
    item.append(text, ' ', open);
    return item;
  }));
  if (jobs.length === 0) list.replaceChildren(Object.assign(document.createElement('li'), { textContent: 'No jobs yet.' }));
}

// ---- trace (the local runner only) ----------------------------------------------------------

/** The trace view is offered where the runner collects traces; in AWS, X-Ray has them. */
function offerTrace(jobId) {
  if (state.jobId !== jobId) $('trace').replaceChildren();
  state.jobId = jobId;
  $('trace-panel').hidden = !state.tracesAvailable;
}

async function showTrace() {
  const token = $('token').value.trim();
  const reply = await fetch(`/_local/traces?job_id=${encodeURIComponent(state.jobId)}`,
    { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!reply.ok) { $('trace-panel').hidden = true; return; }
  const { traces } = await reply.json();
  const box = $('trace');
  if (traces.length === 0) {
    box.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'No segments yet: try again in a moment.' }));
    return;
  }
  box.replaceChildren(...traces.map(waterfall));
}

/** One trace as a waterfall: a row per (sub)segment, indented under its parent, its bar on the trace's time axis. */
function waterfall(trace) {
  const segments = trace.segments;
  const start = Math.min(...segments.map((s) => s.start_time));
  const end = Math.max(...segments.map((s) => s.end_time));
  const span = Math.max(end - start, 0.001);
  const depth = new Map();
  const byId = new Map(segments.map((s) => [s.id, s]));
  const depthOf = (s) => {
    if (depth.has(s.id)) return depth.get(s.id);
    const parent = s.parent_id && byId.get(s.parent_id);
    const d = parent && parent !== s ? depthOf(parent) + 1 : 0;
    depth.set(s.id, d);
    return d;
  };
  const table = document.createElement('table');
  table.className = 'waterfall';
  const caption = document.createElement('caption');
  caption.textContent = `${segments[0].name}: ${Math.round(span * 1000)} ms`;
  table.append(caption);
  const head = table.createTHead().insertRow();
  ['Segment', 'Start', 'Duration', 'Timeline'].forEach((title) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = title;
    head.append(th);
  });
  const body = table.createTBody();
  segments.forEach((s) => {
    const row = body.insertRow();
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = s.name + (s.fault ? ' (fault)' : s.error ? ' (error)' : '');
    name.style.paddingLeft = `${0.5 + depthOf(s) * 1.2}rem`;
    row.append(name);
    row.insertCell().textContent = `+${Math.round((s.start_time - start) * 1000)} ms`;
    row.insertCell().textContent = `${Math.round((s.end_time - s.start_time) * 1000)} ms`;
    const lane = document.createElement('span');
    lane.className = 'lane';
    const bar = document.createElement('span');
    bar.className = s.fault || s.error ? 'span failed' : 'span';
    bar.style.marginLeft = `${((s.start_time - start) / span) * 100}%`;
    bar.style.width = `${Math.max(0.5, ((s.end_time - s.start_time) / span) * 100)}%`;
    lane.append(bar);
    row.insertCell().append(lane);
  });
  return table;
}

// ---- keywords ---------------------------------------------------------------------------------

function showKeywords(job) {
  state.keywords = (job.keywords ?? []).map((k) => ({ ...k, selected: false }));
  $('keywords-panel').hidden = false;
  $('trends-industry').value = $('industry').value || $('trends-industry').value;
  renderKeywords();
  const sources = $('sources-list');
  sources.replaceChildren(...(job.sources ?? []).map((s) => {
    const item = document.createElement('li');
    item.textContent = s.status === 'ok'
      ? `${s.name}: answered, ${s.candidates} candidates in ${s.ms} ms`
      : `${s.name}: failed, ${s.error ?? 'no reason given'}`;
    return item;
  }));
}

function renderKeywords() {
  const { key, descending } = state.sort;
  const rows = [...state.keywords].sort((a, b) => {
    const x = a[key] ?? '';
    const y = b[key] ?? '';
    const order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y));
    return descending ? -order : order;
  });
  document.querySelectorAll('#keywords-table th').forEach((th) => {
    const button = th.querySelector('button');
    if (!button) return;
    th.setAttribute('aria-sort', button.dataset.sort === key ? (descending ? 'descending' : 'ascending') : 'none');
  });
  $('keywords-table').tBodies[0].replaceChildren(...rows.map((k) => {
    const row = document.createElement('tr');
    const pick = document.createElement('input');
    pick.type = 'checkbox';
    pick.checked = k.selected;
    pick.setAttribute('aria-label', `Select ${k.term}`);
    pick.addEventListener('change', () => { k.selected = pick.checked; });
    const track = document.createElement('span');
    track.className = 'track';
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${Math.round(k.weight * 100)}%`;
    track.append(bar);
    const weight = document.createElement('span');
    weight.className = 'weight';
    weight.append(track, document.createTextNode(k.weight.toFixed(3)));
    const cells = [pick, k.question ? `${k.term} (question)` : k.term, weight, k.intent ?? '', k.cluster ?? '', k.origin ?? ''];
    row.append(...cells.map((content, i) => {
      const cell = document.createElement(i === 1 ? 'th' : 'td');
      if (i === 1) cell.scope = 'row';
      cell.append(content);
      return cell;
    }));
    return row;
  }));
}

// ---- trends -----------------------------------------------------------------------------------

/** The header row's first cell in the languages Google Trends exports in (the API reads the same list). */
const EXPORT_HEADER = /^"?(month|week|day|date|mois|semaine|jour|monat|woche|tag|datum|mes|semana|día|dia|fecha|mês|mese|settimana|giorno|data|maand|dag|miesiąc|tydzień|dzień|ay|hafta|gün|месяц|неделя|день|місяць|тиждень|tháng|tuần|ngày|月|周|週|日|월|주|일)"?$/i;

/** The keyword columns of a Google Trends export's header ("Month,AI diagnostics: (Worldwide),…"); not the isPartial column. */
function keywordsOfExport(csv) {
  const header = csv.split(/\r?\n/).find((line) => EXPORT_HEADER.test(line.split(',')[0].trim()));
  if (!header) return [];
  return header.split(',').slice(1).map((cell) => cell.replace(/:\s*\(.*\)\s*"?$/, '').replace(/^"+|"+$/g, '').trim())
    .filter((term) => term && term.toLowerCase() !== 'ispartial');
}

/**
 * Shades each keyword's events (a wave's span, a spike's period) in its colour and labels their peaks,
 * so that what the words say is what the chart shows. Spans are kept in the chart's options.
 */
const eventSpans = {
  id: 'events',
  beforeDatasetsDraw(chart, args, options) {
    const { ctx, chartArea, scales } = chart;
    const labels = chart.data.labels;
    (options.spans ?? []).forEach((span, i) => {
      const from = labels.indexOf(span.start);
      const to = span.end ? labels.indexOf(span.end) : labels.indexOf(span.last);
      if (from < 0 || to < 0) return;
      const step = labels.length > 1 ? scales.x.getPixelForValue(1) - scales.x.getPixelForValue(0) : 0;
      const left = scales.x.getPixelForValue(from) - step / 2;
      const right = scales.x.getPixelForValue(to) + step / 2;
      ctx.save();
      ctx.fillStyle = `${span.color}22`;
      ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
      ctx.fillStyle = span.color;
      ctx.font = '12px system-ui, sans-serif';
      // inside the chart: right-aligned to the span's end when it would run past the chart's right edge
      const width = ctx.measureText(span.label).width;
      const x = left + 3 + width <= chartArea.right ? left + 3 : Math.max(chartArea.left, right - 3 - width);
      ctx.fillText(span.label, x, chartArea.top + 14 + 14 * (i % 3));
      ctx.restore();
    });
  },
};

const COLORS = ['#1f5fae', '#b3411b', '#2a7a3b', '#7a3f9c', '#8a6d00', '#00707a', '#a3264f', '#4d5560'];

function showTrends(job) {
  state.trends = job;
  $('chart-panel').hidden = false;
  const timeline = job.timeline ?? [];
  const insights = job.insights?.keywords ?? {};
  const keywords = job.keywords ?? Object.keys(insights);
  const dates = timeline.map((p) => p.date);
  const forecastDates = [...new Set(keywords.flatMap((k) => (insights[k]?.forecast ?? []).map((f) => f.date)))].sort();
  const labels = [...dates, ...forecastDates.filter((d) => !dates.includes(d))];
  const datasets = [];
  keywords.forEach((keyword, i) => {
    const color = COLORS[i % COLORS.length];
    const spikes = new Set((insights[keyword]?.spikes ?? []).map((s) => s.date));
    const values = labels.map((d, j) => (j < timeline.length ? timeline[j].values?.[keyword] ?? null : null));
    datasets.push({
      label: keyword, data: values, borderColor: color, backgroundColor: color, spanGaps: false, tension: 0.2,
      pointRadius: labels.map((d) => (spikes.has(d) ? 6 : 0)), pointStyle: labels.map((d) => (spikes.has(d) ? 'triangle' : 'circle')),
    });
    const forecast = insights[keyword]?.forecast ?? [];
    if (forecast.length) {
      const at = (field) => labels.map((d) => forecast.find((f) => f.date === d)?.[field] ?? null);
      datasets.push({ label: `${keyword}: 95 % band low`, data: at('lower'), borderWidth: 0, pointRadius: 0, fill: false, isBand: true });
      datasets.push({ label: `${keyword}: 95 % band high`, data: at('upper'), borderWidth: 0, pointRadius: 0,
        backgroundColor: `${color}33`, fill: '-1', isBand: true });
      datasets.push({ label: `${keyword}: forecast`, data: at('value'), borderColor: color, borderDash: [6, 4], pointRadius: 0 });
    }
  });
  const spans = keywords.flatMap((keyword, i) => (insights[keyword]?.events ?? []).map((e) => ({
    keyword, start: e.start, end: e.end, last: dates[dates.length - 1], color: COLORS[i % COLORS.length],
    label: `${keyword}: ${e.kind} ${e.ongoing ? 'since ' + e.start : 'peaking ' + e.peak_date} (${Math.round(e.peak_value)})`,
  })));
  if (state.chart) state.chart.destroy();
  state.chart = new window.Chart($('chart'), {
    type: 'line',
    data: { labels, datasets },
    plugins: [eventSpans],
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: { y: { min: 0, max: 100, title: { display: true, text: 'interest, 0–100' } } },
      plugins: {
        legend: { labels: { filter: (item, data) => !data.datasets[item.datasetIndex].isBand } },
        events: { spans },
      },
    },
  });
  const scale = job.insights?.summary?.scale;
  const scaleNote = scale === 'shared' ? 'All keywords share one 0–100 scale.' : scale ? `Scale: ${scale}.` : '';
  $('chart-note').textContent = `${job.granularity ?? ''} data. ${scaleNote} Gaps are missing points, not zeros;`
      + ' shaded spans mark waves and spikes, with a triangle at each peak; dashed lines are forecasts, shaded with their 95 % band.';
  $('summary-list').replaceChildren(...(job.insights?.summary?.sentences ?? []).map((s) => Object.assign(document.createElement('li'), { textContent: s })));
  const sourceOf = Object.fromEntries((job.sources ?? []).map((s) => [s.keyword, s]));
  $('insights').replaceChildren(...keywords.map((k) => describe(k, insights[k] ?? {}, sourceOf[k])));
}

function certainty(test) {
  if (!test || test.p_value === undefined) return '';
  const p = Number(test.p_value);
  // weekly interest follows itself: say how many independent points the series is worth
  const worth = test.n_effective !== undefined && test.n_effective < test.n
    ? `; ${test.n} points, worth about ${Math.max(1, Math.round(test.n_effective))} independent ones` : '';
  if (p < 0.01) return ` — almost certainly (p = ${test.p_value}${worth})`;
  if (p < 0.05) return ` — likely (p = ${test.p_value}${worth})`;
  return ` — not clear (p = ${test.p_value}${worth})`;
}

/** What the sources said of a keyword: why it has no data, or a remark on the data it has. */
function sourceFact(source) {
  if (!source?.reason) return null;
  if (source.status === 'source failed') return `No data: ${source.reason}. Try again later.`;
  if (source.status === 'no data') return `No data: ${source.reason}.`;
  return source.reason.charAt(0).toUpperCase() + source.reason.slice(1) + '.';
}

/** One keyword's insights in words a marketer reads. */
function describe(keyword, insight, source) {
  const box = document.createElement('article');
  const title = document.createElement('h4');
  title.textContent = keyword;
  const status = document.createElement('span');
  status.className = `status status-${insight.status ?? 'unknown'}`;
  status.textContent = insight.status ?? 'unknown';
  title.append(' ', status);
  const facts = [];
  const said = sourceFact(source);
  if (said) facts.push(said);
  if (insight.status_reason) facts.push(insight.status_reason);
  const direction = { rising: 'Rising', falling: 'Falling', flat: 'No clear direction', unknown: 'Too little data to tell' }[insight.direction] ?? 'Unknown';
  facts.push(direction + certainty(insight.trend_test));
  if (insight.sen_slope_per_period !== undefined) {
    const slope = insight.sen_slope_per_period;
    facts.push(`About ${slope >= 0 ? '+' : ''}${slope} points per period`);
  }
  if (insight.growth_pct !== undefined && insight.growth_pct !== null) facts.push(`Recent growth ${insight.growth_pct >= 0 ? '+' : ''}${insight.growth_pct} %`);
  if (insight.yoy_pct !== undefined && insight.yoy_pct !== null) facts.push(`Year on year ${insight.yoy_pct >= 0 ? '+' : ''}${insight.yoy_pct} %`);
  const season = insight.seasonality;
  if (season?.seasonal) {
    facts.push(`Seasonal, peaking in ${season.peak}: the pattern repeats across ${season.cycles} cycles (strength ${season.strength})`);
  } else if (season) {
    facts.push(`No season that repeats (${season.cycles} cycles)`);
  }
  if (insight.breakout) facts.push('Breaking out now: the latest point stands far above the past year\'s, at least half the series\' high');
  // each event in words, unless the status already tells of it
  (insight.events ?? []).filter((e) => !(insight.status_reason ?? '').includes(`since ${e.start}`)).forEach((e) => facts.push(e.words));
  (insight.notes ?? []).forEach((n) => facts.push(n));
  const list = document.createElement('ul');
  list.replaceChildren(...facts.map((f) => Object.assign(document.createElement('li'), { textContent: f })));
  box.append(title, list);
  return box;
}

// ---- downloads --------------------------------------------------------------------------------

function download(name, type, text) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

// terms come from users, export headers and third-party suggestions: a text cell a spreadsheet would
// run as a formula (=, +, -, @, tab, CR first; OWASP's CSV injection) is kept as text by a leading '
const FORMULA_START = /^[=+\-@\t\r]/;
const csvCell = (value) => {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

function keywordsCsv() {
  const rows = [['term', 'weight', 'intent', 'cluster', 'origin'], ...state.keywords.map((k) => [k.term, k.weight, k.intent, k.cluster, k.origin])];
  return rows.map((r) => r.map(csvCell).join(',')).join('\n');
}

function timelineCsv() {
  const keywords = state.trends.keywords ?? [];
  const rows = [['date', ...keywords], ...(state.trends.timeline ?? []).map((p) => [p.date, ...keywords.map((k) => p.values?.[k])])];
  return rows.map((r) => r.map(csvCell).join(',')).join('\n');
}

// ---- wiring -----------------------------------------------------------------------------------

function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(new ApiError(0, 'That file could not be read.'));
    reader.readAsText(file);
  });
}

async function startTrends() {
  const body = { industry: $('trends-industry').value.trim(), keywords: lines($('trends-keywords').value) };
  const file = $('trends-csv').files[0];
  if (file) {
    body.series_csv = await readFile(file);
    if (body.keywords.length === 0) body.keywords = keywordsOfExport(body.series_csv);
  }
  await start('trends', body);
}

document.addEventListener('DOMContentLoaded', () => {
  $('token').value = sessionStorage.getItem('keyword-trend-token') ?? '';
  $('token').addEventListener('change', () => sessionStorage.setItem('keyword-trend-token', $('token').value.trim()));
  $('orchestrate-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { industry: $('industry').value.trim(), usp: $('usp').value.trim(), key_services: lines($('key-services').value) };
    if ($('location').value.trim()) body.location = $('location').value.trim(); // optional: the API reads no empty location
    start('orchestrate', body);
  });
  $('trends-form').addEventListener('submit', (event) => {
    event.preventDefault();
    startTrends().catch((e) => showError(e.message, 'trends'));
  });
  const form = $('trends-form');
  form.addEventListener('dragover', (event) => { event.preventDefault(); form.classList.add('dropping'); });
  form.addEventListener('dragleave', () => form.classList.remove('dropping'));
  form.addEventListener('drop', (event) => {
    event.preventDefault();
    form.classList.remove('dropping');
    if (event.dataTransfer.files.length) $('trends-csv').files = event.dataTransfer.files;
  });
  document.querySelectorAll('#keywords-table thead button').forEach((button) => button.addEventListener('click', () => {
    const key = button.dataset.sort;
    state.sort = { key, descending: state.sort.key === key ? !state.sort.descending : key === 'weight' };
    renderKeywords();
  }));
  $('select-all').addEventListener('click', () => {
    const all = !state.keywords.every((k) => k.selected);
    state.keywords.forEach((k) => { k.selected = all; });
    renderKeywords();
  });
  $('trends-from-selection').addEventListener('click', () => {
    const chosen = state.keywords.filter((k) => k.selected).map((k) => k.term);
    $('trends-keywords').value = (chosen.length ? chosen : state.keywords.map((k) => k.term)).slice(0, 50).join('\n');
    $('trends-industry').value = $('industry').value.trim();
    startTrends().catch((e) => showError(e.message, 'trends'));
  });
  $('keywords-csv').addEventListener('click', () => download('keywords.csv', 'text/csv', keywordsCsv()));
  $('keywords-json').addEventListener('click', () => download('keywords.json', 'application/json', JSON.stringify(state.keywords, null, 2)));
  $('timeline-csv').addEventListener('click', () => download('timeline.csv', 'text/csv', timelineCsv()));
  $('timeline-json').addEventListener('click', () => download('trends.json', 'application/json', JSON.stringify(state.trends, null, 2)));
  $('refresh-history').addEventListener('click', refreshHistory);
  $('show-trace').addEventListener('click', () => showTrace().catch(() => { $('trace-panel').hidden = true; }));
  // the runner answers a trace query (400 without a job); elsewhere the path is not there
  fetch('/_local/traces').then((reply) => { state.tracesAvailable = reply.status === 400; }).catch(() => {});
  refreshHistory();
});
