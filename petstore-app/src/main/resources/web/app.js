'use strict';
// The PetStore's page: plain DOM over the public API (/api/…) and the live stream (/api/events/stream).

const STEPS = [
  ['pet-status', 'Pet marked as adopted'],
  ['email', 'Confirmation e-mail sent'],
  ['shelter-notification', 'Shelter notified'],
  ['inventory', 'Shelter inventory updated'],
  ['certificate', 'Adoption certificate issued'],
  ['vet-appointment', 'First vet visit booked'],
  ['welcome-package', 'Welcome package shipped'],
  ['analytics', 'Adoption counted'],
];
const STEP_LABEL = Object.fromEntries(STEPS);
const TYPES = ['pet.registered', 'pet.available', 'pet.adopted', 'pet.returned', 'pet.renamed',
  'adoption.step-completed', 'adoption.step-failed', 'adoption.completed'];
const FIELD_LABEL = {
  name: 'Name', city: 'City', webhookUrl: 'Webhook URL', species: 'Species', age: 'Age', shelterId: 'Shelter',
  email: 'E-mail', petId: 'Pet', customerId: 'Customer', maxAge: 'Max age', limit: 'Per page', cursor: 'The page',
  body: 'The request', version: 'Version',
};
const CUSTOMERS_KEY = 'petstore.customers';

const $ = (selector, root = document) => root.querySelector(selector);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) if (child != null) node.append(child instanceof Node ? child : String(child));
  return node;
}

const short = id => (id || '').slice(0, 8);
const capitalized = text => text ? text[0].toUpperCase() + text.slice(1) : text;
const sentence = text => { const t = capitalized(String(text || '').trim()); return /[.!?]$/.test(t) ? t : t + '.'; };
const timeOf = iso => iso ? new Date(iso).toLocaleTimeString() : '';
const dateTimeOf = iso => iso ? new Date(iso).toLocaleString() : '';
const years = n => n === 1 ? '1 year' : `${n} years`;

// --- talking to the PetStore --------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `the PetStore answered ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

async function api(path, {method = 'GET', body} = {}) {
  const headers = {Accept: 'application/json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    throw new ApiError(0, {detail: 'the PetStore could not be reached; is it running?'});
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    throw new ApiError(response.status, data && typeof data === 'object' ? data : {detail: `the PetStore answered ${response.status}`});
  }
  return {data, headers: response.headers};
}

/** A form's fields as a request body: empty ones left out, so the API says which are required. */
function fields(form, numbers = []) {
  const body = {};
  for (const [key, raw] of new FormData(form)) {
    const value = String(raw).trim();
    if (value === '') continue;
    body[key] = numbers.includes(key) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return body;
}

function clearMessage(form) {
  form.querySelectorAll('[aria-invalid]').forEach(input => input.removeAttribute('aria-invalid'));
  form.querySelectorAll('.field-error').forEach(note => note.remove());
  const message = $('.message', form);
  message.hidden = true;
  message.replaceChildren();
}

function showOk(form, ...content) {
  clearMessage(form);
  const message = $('.message', form);
  message.className = 'message ok';
  message.append(...content);
  message.hidden = false;
}

/** The API's problem in words: its detail, and each field's complaint next to the field. */
function showError(form, error) {
  clearMessage(form);
  const message = $('.message', form);
  message.className = 'message error';
  const problem = error instanceof ApiError ? error.problem : {detail: String(error && error.message || error)};
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  const said = e => `${FIELD_LABEL[e.field] || capitalized(e.field)} ${e.message}.`;
  if (errors.length === 1) message.append(said(errors[0]));
  else if (errors.length > 1) message.append('Please check these fields:', el('ul', {}, errors.map(e => el('li', {}, said(e)))));
  else message.append(sentence(problem.detail || problem.title || 'something went wrong'));
  for (const e of errors) {
    const input = form.elements[e.field];
    if (!input || !input.setAttribute) continue;
    input.setAttribute('aria-invalid', 'true');
    input.closest('label').append(el('span', {class: 'field-error'}, said(e)));
  }
  message.hidden = false;
}

async function submitting(form, work) {
  const button = $('button[type=submit]', form);
  button.disabled = true;
  try {
    await work();
  } catch (error) {
    showError(form, error);
  } finally {
    button.disabled = false;
  }
}

// --- shelters and customers --------------------------------------------------------------------------------

const shelters = new Map();

async function loadShelters(minPosition, select) {
  const query = minPosition ? `?minPosition=${minPosition}` : '';
  const {data} = await api(`/api/queries/shelters${query}`);
  shelters.clear();
  data.forEach(s => shelters.set(s.shelterId, s));
  const choice = $('#pet-form select[name=shelterId]');
  const keep = select || choice.value;
  choice.replaceChildren(...(data.length
    ? data.map(s => el('option', {value: s.shelterId}, `${s.name} (${s.city})`))
    : [el('option', {value: ''}, '— register a shelter first —')]));
  if (keep && shelters.has(keep)) choice.value = keep;
}

function customers() {
  try {
    return JSON.parse(localStorage.getItem(CUSTOMERS_KEY)) || [];
  } catch (e) {
    return [];
  }
}

function renderCustomers(select) {
  const list = customers();
  const choice = $('#adopt-form select[name=customerId]');
  const keep = select || choice.value;
  choice.replaceChildren(...(list.length
    ? list.map(c => el('option', {value: c.customerId}, `${c.name} <${c.email}>`))
    : [el('option', {value: ''}, '— register a customer first —')]));
  if (keep && list.some(c => c.customerId === keep)) choice.value = keep;
}

function customerName(id) {
  const c = customers().find(c => c.customerId === id);
  return c ? c.name : `customer ${short(id)}`;
}

// --- browsing pets -------------------------------------------------------------------------------------------

const browsing = {cursors: [null], page: 0, next: null};
const petNames = new Map();

async function loadPets(minPosition) {
  const form = $('#pet-filters');
  const query = new URLSearchParams(fields(form));
  const cursor = browsing.cursors[browsing.page];
  if (cursor) query.set('cursor', cursor);
  if (minPosition) query.set('minPosition', minPosition);
  try {
    const {data, headers} = await api(`/api/queries/available-pets?${query}`);
    clearMessage(form);
    browsing.next = headers.get('X-Next-Cursor');
    renderPets(data);
  } catch (error) {
    showError(form, error);
  }
}

function renderPets(pets) {
  pets.forEach(p => petNames.set(p.id, p.name));
  $('#pet-list').replaceChildren(...pets.map(p => el('li', {class: 'pet', 'data-pet-id': p.id},
    el('span', {class: 'name'}, p.name),
    el('span', {class: 'facts'}, `${p.species} · ${years(p.age)} · ${p.shelter_name || 'a shelter'}`),
    el('span', {class: 'facts'}, p.days_available === 0 ? 'arrived today' : `waiting ${p.days_available} days`),
    el('span', {class: 'actions'},
      el('button', {type: 'button', class: 'small adopt', onclick: () => chooseToAdopt(p)}, 'Adopt'),
      el('button', {type: 'button', class: 'small secondary', onclick: () => showHistory(p.id)}, 'History')))));
  $('#pet-list-empty').hidden = pets.length > 0;
  $('#prev-page').disabled = browsing.page === 0;
  $('#next-page').disabled = !browsing.next;
  $('#page-label').textContent = `Page ${browsing.page + 1}`;
}

async function loadAdoptable(minPosition, select) {
  const query = minPosition ? `&minPosition=${minPosition}` : '';
  const {data} = await api(`/api/queries/available-pets?limit=100${query}`);
  data.forEach(p => petNames.set(p.id, p.name));
  const choice = $('#adopt-form select[name=petId]');
  const keep = select || choice.value;
  choice.replaceChildren(...(data.length
    ? data.map(p => el('option', {value: p.id}, `${p.name} — ${p.species}, ${years(p.age)}, ${p.shelter_name || ''}`))
    : [el('option', {value: ''}, '— no pet available —')]));
  if (keep && data.some(p => p.id === keep)) choice.value = keep;
}

function chooseToAdopt(pet) {
  const choice = $('#adopt-form select[name=petId]');
  if (![...choice.options].some(o => o.value === pet.id)) {
    choice.append(el('option', {value: pet.id}, `${pet.name} — ${pet.species}, ${years(pet.age)}`));
  }
  choice.value = pet.id;
  $('#adopt').scrollIntoView({behavior: 'smooth', block: 'start'});
  $('#adopt-form button[type=submit]').focus({preventScroll: true});
}

// --- an adoption, step by step -------------------------------------------------------------------------------

let following = null;

function follow(adoptionId, position, title) {
  if (following) following.stop();
  const view = $('#adoption');
  view.hidden = false;
  $('#adoption-title').textContent = title;
  $('#adoption-id').textContent = adoptionId;
  $('#certificate').hidden = true;
  $('#adoption-note').hidden = true;
  setStatus('processing');
  $('#steps').replaceChildren(...STEPS.map(([step, label]) => el('li', {class: 'step pending', 'data-step': step},
    el('span', {class: 'icon'}, '○'), el('span', {class: 'name'}, label), el('span', {class: 'detail'}, 'waiting'))));

  const state = {stopped: false, timer: null};
  // From just before the adoption's own event: nothing of it can be missed, however fast the steps run.
  const stream = new EventSource(`/api/events/stream?adoptionId=${encodeURIComponent(adoptionId)}&from=${Math.max(0, position - 1)}`);
  stream.addEventListener('adoption.step-completed', e => {
    const m = JSON.parse(e.data).data;
    renderStep(m.step, {status: 'done', attempts: m.attempts});
    refresh();
  });
  stream.addEventListener('adoption.step-failed', e => {
    const m = JSON.parse(e.data).data;
    renderStep(m.step, {status: 'failed', attempts: m.attempts, lastError: m.reason});
    refresh();
  });
  stream.addEventListener('adoption.completed', () => refresh());

  async function refresh() {
    if (state.stopped) return;
    try {
      const {data} = await api(`/api/adoptions/${adoptionId}`);
      if (state.stopped) return;
      for (const [step, s] of Object.entries(data.steps || {})) renderStep(step, s, adoptionId);
      setStatus(data.status, data.reason);
      if (data.status === 'completed' && data.certificateUrl) {
        $('#certificate-link').href = data.certificateUrl;
        $('#certificate').hidden = false;
        const visit = data.vetAppointmentDate ? ` First vet visit: ${dateTimeOf(data.vetAppointmentDate)}.` : '';
        note(`All eight steps are done.${visit}`);
      }
      if (data.status === 'completed' || data.status === 'cancelled') state.stop();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) note(sentence(error.message));
    }
  }

  // The stream says when; polling is the safety net, and shows attempts that are retried.
  state.timer = setInterval(refresh, 1500);
  state.stop = () => {
    state.stopped = true;
    clearInterval(state.timer);
    stream.close();
  };
  following = state;
  refresh();
}

const RANK = {pending: 0, failed: 1, done: 2};

function renderStep(step, s, adoptionId) {
  const item = $(`#steps li[data-step="${step}"]`);
  if (!item) return;
  const current = [...item.classList].find(c => c in RANK) || 'pending';
  // The stream may be ahead of the read model: a step it said is done stays done.
  if (RANK[current] > RANK[s.status] && !(current === 'failed' && s.status === 'pending')) return;
  const retrying = s.status === 'pending' && s.attempts > 0 && s.lastError;
  const look = retrying ? 'retrying' : s.status;
  item.className = `step ${s.status}${retrying ? ' retrying' : ''}`;
  $('.icon', item).textContent = {done: '✓', failed: '✕', retrying: '↻', pending: '○'}[look];
  $('.detail', item).textContent = {
    done: s.attempts > 1 ? `done after ${s.attempts} attempts` : 'done',
    failed: `gave up after ${s.attempts} attempts`,
    retrying: `attempt ${s.attempts} failed, retrying`,
    pending: 'waiting',
  }[look];
  item.querySelectorAll('.error, .retry').forEach(n => n.remove());
  if ((look === 'failed' || look === 'retrying') && s.lastError) item.append(el('span', {class: 'error'}, sentence(s.lastError)));
  if (look === 'failed' && adoptionId) {
    item.append(el('button', {type: 'button', class: 'small secondary retry', onclick: () => retryStep(adoptionId, step)}, 'Try again'));
  }
}

async function retryStep(adoptionId, step) {
  try {
    await api(`/api/adoptions/${adoptionId}/steps/${step}/retry`, {method: 'POST', body: {}});
    renderStep(step, {status: 'pending', attempts: 0});
    note(`Trying “${STEP_LABEL[step]}” again.`);
  } catch (error) {
    note(sentence(error.message));
  }
}

function setStatus(status, reason) {
  const badge = $('#adoption-status');
  badge.textContent = status;
  badge.className = `badge ${status}`;
  if (reason && status !== 'completed') note(sentence(reason));
}

function note(text) {
  const p = $('#adoption-note');
  p.textContent = text;
  p.hidden = false;
}

// --- a pet's history ------------------------------------------------------------------------------------------

const petHistory = {petId: null, events: [], asked: 0};

async function showHistory(petId) {
  const form = $('#history-form');
  form.elements.petId.value = petId;
  $('#history').scrollIntoView({behavior: 'smooth', block: 'start'});
  try {
    const {data} = await api(`/api/pets/${encodeURIComponent(petId)}/events`);
    clearMessage(form);
    petHistory.petId = petId;
    petHistory.events = data;
    const slider = $('#history-slider');
    slider.max = String(data.length);
    slider.value = String(data.length);
    $('#timeline').replaceChildren(...data.map(e => el('li', {'data-version': e.version, onclick: () => {
      slider.value = String(e.version);
      showVersion(e.version);
    }}, describeStored(e), el('span', {class: 'when'}, `version ${e.version} · ${dateTimeOf(e.recordedAt)}`))));
    $('#history-view').hidden = false;
    await showVersion(data.length);
  } catch (error) {
    $('#history-view').hidden = true;
    showError(form, error);
  }
}

function describeStored(e) {
  const d = e.data || {};
  switch (e.type) {
    case 'PetRegistered': return `Registered: ${d.name}, a ${d.species} of ${years(d.age)}`;
    case 'PetAdopted': return `Adopted by ${customerName(d.customer)}`;
    case 'PetReturned': return `Returned to the shelter: ${d.reason}`;
    case 'PetNameChanged': return `Renamed to ${d.newName}`;
    default: return e.type.replace(/([a-z])([A-Z])/g, '$1 $2');
  }
}

async function showVersion(version) {
  const asked = ++petHistory.asked;
  const total = petHistory.events.length;
  $('#history-version').textContent = `version ${version} of ${total}`;
  $('#timeline').querySelectorAll('li').forEach(li => {
    const v = Number(li.dataset.version);
    li.className = v < version ? 'past' : v === version ? 'past current' : 'future';
  });
  try {
    const {data: pet} = await api(`/api/pets/${encodeURIComponent(petHistory.petId)}?version=${version}`);
    if (asked !== petHistory.asked) return;
    const shelter = shelters.get(pet.shelterId);
    const rows = [
      ['Status', pet.status === 'adopted' ? `adopted by ${customerName(pet.customerId)}` : pet.status],
      ['Species', pet.species],
      ['Age', years(pet.age)],
      ['Shelter', shelter ? `${shelter.name}, ${shelter.city}` : short(pet.shelterId)],
      pet.availableSince ? ['Available since', dateTimeOf(pet.availableSince)] : null,
      pet.adoptedAt ? ['Adopted at', dateTimeOf(pet.adoptedAt)] : null,
      ['Version', String(pet.version)],
      ['As of', dateTimeOf(pet.changedAt)],
    ].filter(Boolean);
    $('#pet-as-of').replaceChildren(el('h3', {}, pet.name),
      el('dl', {}, rows.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])));
  } catch (error) {
    if (asked === petHistory.asked) showError($('#history-form'), error);
  }
}

// --- the live feed --------------------------------------------------------------------------------------------

const feed = {paused: false, waiting: [], refreshTimer: null};

function describeMessage(type, m) {
  const d = m.data || {};
  const pet = id => petNames.get(id) || `a pet (${short(id)})`;
  switch (type) {
    case 'pet.registered': return `${d.name}, a ${d.species} of ${years(d.age)}, arrived at ${shelters.get(d.shelterId)?.name || 'a shelter'}`;
    case 'pet.available': return `${pet(d.petId)} is available for adoption`;
    case 'pet.adopted': return `${pet(d.petId)} was adopted by ${customerName(d.customerId)}`;
    case 'pet.returned': return `${pet(d.petId)} was returned: ${d.reason}`;
    case 'pet.renamed': return `A pet is now called ${d.newName}`;
    case 'adoption.step-completed': return `Adoption ${short(d.adoptionId)}: ${STEP_LABEL[d.step] || d.step}`;
    case 'adoption.step-failed': return `Adoption ${short(d.adoptionId)}: “${STEP_LABEL[d.step] || d.step}” failed after ${d.attempts} attempts — ${d.reason}`;
    case 'adoption.completed': return `Adoption ${short(d.adoptionId)} is complete`;
    default: return type;
  }
}

function connectFeed() {
  const status = $('#live-status');
  const stream = new EventSource('/api/events/stream');
  stream.onopen = () => {
    status.textContent = 'live';
    status.className = 'live on';
  };
  // EventSource reconnects by itself and sends Last-Event-ID: the feed resumes where it broke off.
  stream.onerror = () => {
    status.textContent = 'reconnecting…';
    status.className = 'live off';
  };
  for (const type of TYPES) stream.addEventListener(type, e => onFeed(type, JSON.parse(e.data)));
}

function onFeed(type, message) {
  if (type === 'pet.registered') petNames.set(message.data.petId, message.data.name);
  if (type === 'pet.available' || type === 'pet.adopted' || type === 'pet.renamed' || type === 'pet.returned') {
    clearTimeout(feed.refreshTimer);
    feed.refreshTimer = setTimeout(() => {
      loadPets();
      loadAdoptable().catch(() => {});
    }, 400);
  }
  const item = el('li', {class: 'fresh', 'data-type': type},
    el('span', {class: 'time'}, timeOf(message.timestamp)),
    el('span', {class: 'type'}, type),
    el('span', {class: 'what'}, describeMessage(type, message)));
  if (feed.paused) {
    feed.waiting.push(item);
    $('#feed-pause').textContent = `Resume (${feed.waiting.length} new)`;
  } else {
    addToFeed(item);
  }
}

function addToFeed(...items) {
  const list = $('#feed-list');
  list.prepend(...items.reverse());
  while (list.children.length > 100) list.lastChild.remove();
}

// --- wiring ---------------------------------------------------------------------------------------------------

function wire() {
  $('#pet-filters').addEventListener('submit', e => {
    e.preventDefault();
    browsing.cursors = [null];
    browsing.page = 0;
    loadPets();
  });
  $('#next-page').addEventListener('click', () => {
    if (!browsing.next) return;
    browsing.cursors[browsing.page + 1] = browsing.next;
    browsing.page++;
    loadPets();
  });
  $('#prev-page').addEventListener('click', () => {
    if (browsing.page === 0) return;
    browsing.page--;
    loadPets();
  });

  $('#shelter-form').addEventListener('submit', e => {
    e.preventDefault();
    const form = e.target;
    submitting(form, async () => {
      const body = fields(form);
      const {data} = await api('/api/commands/register-shelter', {method: 'POST', body});
      await loadShelters(data.position, data.shelterId);
      const secret = data.webhookSecret
        ? el('span', {}, ' Its webhook secret (shown once, keep it): ', el('code', {}, data.webhookSecret))
        : '';
      showOk(form, `${body.name} is registered.`, secret);
      form.reset();
    });
  });

  $('#pet-form').addEventListener('submit', e => {
    e.preventDefault();
    const form = e.target;
    submitting(form, async () => {
      const body = fields(form, ['age']);
      const {data} = await api('/api/commands/register-pet', {method: 'POST', body});
      petNames.set(data.petId, body.name);
      showOk(form, `${body.name} is registered and waiting for a home.`);
      form.elements.name.value = '';
      form.elements.age.value = '';
      await Promise.all([loadPets(data.position), loadAdoptable(data.position, data.petId)]);
    });
  });

  $('#customer-form').addEventListener('submit', e => {
    e.preventDefault();
    const form = e.target;
    submitting(form, async () => {
      const body = fields(form);
      const {data} = await api('/api/commands/register-customer', {method: 'POST', body});
      const list = customers().filter(c => c.customerId !== data.customerId);
      list.push({customerId: data.customerId, name: body.name, email: body.email});
      localStorage.setItem(CUSTOMERS_KEY, JSON.stringify(list));
      renderCustomers(data.customerId);
      showOk(form, `${body.name} is registered and can adopt.`);
      form.reset();
    });
  });

  $('#adopt-form').addEventListener('submit', e => {
    e.preventDefault();
    const form = e.target;
    submitting(form, async () => {
      const body = fields(form);
      const name = petNames.get(body.petId) || 'the pet';
      const {data} = await api('/api/adoptions', {method: 'POST', body});
      showOk(form, `${customerName(body.customerId)} is adopting ${name}. The steps below turn done as they happen.`);
      follow(data.adoptionId, data.position, `${name} → ${customerName(body.customerId)}`);
      await Promise.all([loadPets(data.position), loadAdoptable(data.position)]);
    });
  });

  $('#history-form').addEventListener('submit', e => {
    e.preventDefault();
    const petId = e.target.elements.petId.value.trim();
    if (!petId) {
      showError(e.target, new ApiError(400, {errors: [{field: 'petId', message: 'is required'}]}));
      return;
    }
    showHistory(petId);
  });
  $('#history-slider').addEventListener('input', e => showVersion(Number(e.target.value)));

  $('#feed-pause').addEventListener('click', e => {
    feed.paused = !feed.paused;
    e.target.textContent = feed.paused ? 'Resume' : 'Pause';
    if (!feed.paused && feed.waiting.length) addToFeed(...feed.waiting.splice(0));
  });
}

async function start() {
  wire();
  renderCustomers();
  connectFeed();
  try {
    await loadShelters();
    await Promise.all([loadPets(), loadAdoptable()]);
  } catch (error) {
    showError($('#pet-filters'), error);
  }
}

start();
