// Console Kilovolt: draws the workspace from the server's live feed (SSE) and sends what you do.
// Message bodies arrive as HTML already escaped by the server; everything else goes in via textContent.
"use strict";

// The workspace shown (its id is the `workspace` parameter of every /ui/* call); the first
// snapshot replaces this default with what the server plays.
const FIRST_TEAM = {
  id: null, name: "Console Kilovolt", tagline: "", general: "C0GENERAL01", dm: "D0KILOVOLT1",
  colleague: { id: "U0CLIENT01", dm: "D0CLIENT01", name: "Camille (cliente)" },
};
const state = {
  team: FIRST_TEAM, workspaces: [], source: null,
  view: FIRST_TEAM.general, thread: null, messages: new Map(), statuses: new Map(), prompts: new Map(),
  slash: "/idees",
};
state.team = { ...FIRST_TEAM, id: new URLSearchParams(location.search).get("workspace") };
function names() {
  const colleague = state.team.colleague || FIRST_TEAM.colleague;
  return { [state.team.general]: "# général", [state.team.dm]: "Kilovolt", [colleague.dm]: `Kilovolt — vu par ${colleague.name}` };
}
const $ = (id) => document.getElementById(id);
const key = (channel, ts) => `${channel}/${ts}`;

function isTop(m) { return !m.thread_ts || m.thread_ts === m.ts; }
function sorted(filter) {
  return [...state.messages.values()].filter(filter).sort((a, b) => Number(a.ts) - Number(b.ts));
}
function timeOf(ts) {
  return new Date(Number(ts.split(".")[0]) * 1000).toLocaleTimeString("fr-CA", { hour: "2-digit", minute: "2-digit" });
}

// A new element with a class and, when given, plain text (never HTML).
function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(className, text, onClick) {
  const node = element("button", className, text);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

function messageElement(m, inThread) {
  const el = element("div", "message" + (m.is_bot ? " bot" : "") + (m.ephemeral ? " ephemeral" : ""));
  el.dataset.key = key(m.channel, m.ts);
  el.dataset.channel = m.channel;
  el.dataset.ts = m.ts;
  const avatar = element("div", "avatar", m.is_bot ? "⚡" : "V");
  const main = element("div", "message-main");
  const meta = element("div", "meta");
  meta.append(element("span", "author", m.author));
  if (m.is_bot) meta.append(element("span", "app-badge", "APP"));
  meta.append(element("span", "time", timeOf(m.ts)));
  if (m.ephemeral) meta.append(element("span", "ephemeral-note", "Seulement visible par vous"));
  const body = element("div", "body" + (m.streaming ? " streaming-cursor" : ""));
  body.innerHTML = m.html; // escaped server-side (bot/console/render.py)
  main.append(meta, body);
  const reactions = Object.entries(m.reactions || {});
  if (reactions.length) {
    const box = element("div", "reactions");
    for (const [name, count] of reactions) box.append(element("span", "reaction", `:${name}: ${count}`));
    main.append(box);
  }
  if (!inThread && isTop(m)) {
    const status = state.statuses.get(key(m.channel, m.ts));
    if (status) main.append(element("div", "status-line", `Kilovolt ${status}`));
    const open = () => openThread(m.channel, m.ts);
    if (m.reply_count) {
      const label = m.reply_count === 1 ? "1 réponse" : `${m.reply_count} réponses`;
      main.append(button("replies-link", label, open));
    }
    if (!m.ephemeral) {
      const actions = element("div", "hover-actions");
      actions.append(button("", "Répondre dans le fil", open));
      el.append(actions);
    }
  }
  el.prepend(avatar);
  el.append(main);
  return el;
}

function fill(container, list, inThread) {
  const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
  container.replaceChildren(...list.map((m) => messageElement(m, inThread)));
  if (nearBottom) container.scrollTop = container.scrollHeight;
}

function renderChannel() {
  if (state.view === "home") return;
  fill($("messages"), sorted((m) => m.channel === state.view && isTop(m)), false);
}

function renderThread() {
  const t = state.thread;
  $("thread").classList.toggle("hidden", !t);
  if (!t) return;
  $("thread-where").textContent = names()[t.channel] || "";
  fill($("thread-messages"), sorted((m) => m.channel === t.channel && (m.ts === t.ts || m.thread_ts === t.ts)), true);
  const status = state.statuses.get(key(t.channel, t.ts));
  $("thread-status").textContent = status ? `Kilovolt ${status}` : "";
  const prompts = state.prompts.get(key(t.channel, t.ts));
  const box = $("thread-prompts");
  box.replaceChildren();
  for (const p of (prompts && prompts.prompts) || []) {
    box.append(button("prompt-chip", p.title || p.message, () => send(t.channel, p.message, t.ts)));
  }
}

function openThread(channel, ts) {
  state.thread = { channel, ts };
  renderThread();
  $("thread-input").focus();
}

function show(view) {
  state.view = view;
  for (const a of document.querySelectorAll(".nav-item")) a.classList.toggle("active", a.dataset.view === view);
  const home = view === "home";
  $("home").classList.toggle("hidden", !home);
  $("conversation").classList.toggle("hidden", home);
  $("channel-title").textContent = home ? "⚡ Kilovolt" : names()[view];
  $("new-chat").classList.toggle("hidden", view !== state.team.dm);
  const colleagueDm = (state.team.colleague || FIRST_TEAM.colleague).dm;
  $("composer-input").placeholder = view === state.team.dm || view === colleagueDm
    ? `Écrire à Kilovolt — collez un brouillon, posez une question ou tapez ${state.slash}`
    : `Écrire dans #général — mentionnez @Kilovolt ou tapez ${state.slash}`;
  if (home) post("/ui/home", {});
  renderChannel();
}

function toast(text) {
  const el = element("div", "toast", text);
  $("toasts").append(el);
  setTimeout(() => el.remove(), 6000);
}

// POST to the console on behalf of the workspace shown.
async function post(url, data) {
  try {
    const body = JSON.stringify({ ...data, workspace: state.team.id });
    const reply = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body });
    const result = await reply.json();
    if (!result.ok) toast(result.error || "Erreur");
    return result;
  } catch (err) {
    toast("La console ne répond pas.");
    return { ok: false };
  }
}

function send(channel, text, threadTs) {
  if (!text.trim()) return;
  post("/ui/send", { channel, text, thread_ts: threadTs || null });
}

function setBot(bot) {
  const el = $("bot-state");
  el.className = "bot-state " + bot.state;
  el.textContent = { ready: "Kilovolt est en ligne", starting: "Démarrage de Kilovolt…", crashed: "Kilovolt est arrêté" }[bot.state] || bot.state;
  const down = bot.state === "crashed";
  $("banner").classList.toggle("hidden", !down);
  $("banner-detail").textContent = down ? `(${bot.detail || "erreur"})` : "";
  $("banner-log").textContent = down ? bot.log || "" : "";
}

function apply(event) {
  switch (event.kind) {
    case "snapshot":
      setWorkspace(event.workspace, event.workspaces);
      state.messages.clear();
      for (const m of event.messages) state.messages.set(key(m.channel, m.ts), m);
      state.statuses.clear();
      for (const s of event.statuses) state.statuses.set(key(s.channel, s.thread_ts), s.status);
      state.slash = event.slash_command || state.slash;
      if (event.home) $("home-body").innerHTML = event.home; // escaped server-side
      else $("home-body").replaceChildren(element("p", "muted", "Chargement de l'accueil…"));
      setBot(event.bot);
      show(state.view);
      break;
    case "message":
      if (event.message.deleted) state.messages.delete(key(event.message.channel, event.message.ts));
      else state.messages.set(key(event.message.channel, event.message.ts), event.message);
      break;
    case "status":
      if (event.status) state.statuses.set(key(event.channel, event.thread_ts), event.status);
      else state.statuses.delete(key(event.channel, event.thread_ts));
      break;
    case "prompts":
      state.prompts.set(key(event.channel, event.thread_ts), event);
      break;
    case "home":
      $("home-body").innerHTML = event.html; // escaped server-side
      return;
    case "bot":
      setBot(event);
      return;
    case "warning":
      toast(event.text);
      return;
    case "modal":
      openModal(event.view_id, event.html);
      return;
    case "modal_errors":
      modalErrors(event.view_id, event.errors || {});
      return;
    case "modal_closed":
      if ($("modal").dataset.viewId === event.view_id) closeModal();
      return;
  }
  renderChannel();
  renderThread();
}

// Take the workspace the snapshot is about: its name, its channels' ids, the switcher.
function setWorkspace(id, workspaces) {
  state.workspaces = workspaces || [];
  const team = state.workspaces.find((w) => w.id === id) || { ...FIRST_TEAM, id };
  const old = state.team;
  state.team = team;
  if (state.view === old.dm) state.view = team.dm;
  else if (old.colleague && state.view === old.colleague.dm && team.colleague) state.view = team.colleague.dm;
  else if (state.view !== "home") state.view = team.general;
  $("workspace-name").textContent = team.name;
  $("workspace-tagline").textContent = team.tagline || "";
  $("nav-general").dataset.view = team.general;
  $("nav-dm").dataset.view = team.dm;
  const colleague = team.colleague || FIRST_TEAM.colleague;
  $("nav-colleague").dataset.view = colleague.dm;
  $("colleague-name").textContent = colleague.name;
  const select = $("workspace-select");
  select.replaceChildren(...state.workspaces.map((w) => {
    const option = element("option", "", w.name);
    option.value = w.id;
    return option;
  }));
  select.value = team.id;
  $("workspace-switch").classList.toggle("hidden", state.workspaces.length < 2);
}

// Show another workspace: its own feed, history and App Home (the view kind is kept).
function switchWorkspace(id) {
  if (id === state.team.id) return;
  const url = new URL(location.href);
  url.searchParams.set("workspace", id);
  history.replaceState(null, "", url);
  state.thread = null;
  state.messages.clear();
  state.statuses.clear();
  state.prompts.clear();
  setWorkspace(id, state.workspaces);
  renderChannel();
  renderThread();
  connect();
}

function connect() {
  if (state.source) state.source.close();
  const query = state.team.id ? `?workspace=${encodeURIComponent(state.team.id)}` : "";
  const source = new EventSource(`/ui/events${query}`);
  state.source = source;
  source.onmessage = (e) => apply(JSON.parse(e.data));
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED && state.team.id) {
      state.team = { ...FIRST_TEAM }; // a workspace the console does not play: show the first one
      connect();
      return;
    }
    $("bot-state").textContent = "Connexion à la console perdue… nouvelle tentative";
  };
}

function wireComposer(formId, inputId, target) {
  const input = $(inputId);
  $(formId).addEventListener("submit", (e) => {
    e.preventDefault();
    const [channel, threadTs] = target();
    send(channel, input.value, threadTs);
    input.value = "";
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $(formId).requestSubmit(); }
  });
}

// A modal the bot opened (views.open): HTML escaped server-side (bot/console/modals.py).
function openModal(viewId, html) {
  const overlay = $("modal");
  overlay.dataset.viewId = viewId;
  overlay.innerHTML = html;
  overlay.classList.remove("hidden");
  const form = overlay.querySelector("form");
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const values = {};
    for (const field of overlay.querySelectorAll(".modal-field")) values[field.dataset.blockId] = field.value;
    for (const error of overlay.querySelectorAll(".modal-error")) error.textContent = "";
    post("/ui/view_submit", { view_id: viewId, values });
  });
  overlay.querySelector(".modal-close").addEventListener("click", closeModal);
}

function modalErrors(viewId, errors) {
  const overlay = $("modal");
  if (overlay.dataset.viewId !== viewId) return;
  for (const [blockId, text] of Object.entries(errors)) {
    const slot = [...overlay.querySelectorAll(".modal-error")].find((s) => s.dataset.errorFor === blockId);
    if (slot) slot.textContent = text;
  }
}

function closeModal() {
  const overlay = $("modal");
  overlay.classList.add("hidden");
  overlay.replaceChildren();
  delete overlay.dataset.viewId;
}

document.addEventListener("click", (e) => {
  const button = e.target.closest("button[data-action-id]");
  if (!button) return;
  const message = button.closest(".message");
  if (!message) return;
  button.classList.add("clicked");
  post("/ui/action", { channel: message.dataset.channel, ts: message.dataset.ts, action_id: button.dataset.actionId, block_id: button.dataset.blockId, value: button.dataset.value });
});

document.addEventListener("DOMContentLoaded", () => {
  for (const a of document.querySelectorAll(".nav-item")) {
    a.addEventListener("click", (e) => { e.preventDefault(); show(a.dataset.view); });
  }
  wireComposer("composer", "composer-input", () => [state.view, null]);
  wireComposer("thread-composer", "thread-input", () => [state.thread.channel, state.thread.ts]);
  $("thread-close").addEventListener("click", () => { state.thread = null; renderThread(); });
  $("restart").addEventListener("click", () => post("/ui/restart", {}));
  $("workspace-select").addEventListener("change", (e) => switchWorkspace(e.target.value));
  $("new-chat").addEventListener("click", async () => {
    const started = await post("/ui/assistant", {});
    if (started.ok) openThread(started.channel, started.ts);
  });
  connect();
});
