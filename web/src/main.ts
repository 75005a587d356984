import './style.css';
import { credentialHint, getCredential } from './api';
import { h, replace, type Child } from './dom';
import { parseHash } from './router';
import { getAsOf, setAsOf } from './state';
import type { View } from './view';
import { claimView } from './views/claim';
import { connectView } from './views/connect';
import { custodyView } from './views/custody';
import { dashboardView } from './views/dashboard';
import { entityView } from './views/entity';
import { graphView } from './views/graph';
import { loginView, onCredentialChange } from './views/login';
import { searchView } from './views/search';
import { errorBox } from './ui';

const VIEWS: Readonly<Record<string, View>> = {
  search: searchView,
  entity: entityView,
  graph: graphView,
  custody: custodyView,
  claim: claimView,
  connect: connectView,
  dashboard: dashboardView,
  login: loginView,
};

const NAV_OF: Readonly<Record<string, string>> = {
  search: 'search',
  connect: 'connect',
  dashboard: 'dashboard',
  login: 'login',
};

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`The page has no #${id}`);
  return el as T;
}

const main = byId<HTMLElement>('main');
const who = byId<HTMLElement>('who');
const banner = byId<HTMLElement>('past-banner');
const asOfForm = byId<HTMLFormElement>('as-of-form');
const asOfInput = byId<HTMLInputElement>('as-of-input');

let generation = 0;

function drawWho(): void {
  const credential = getCredential();
  if (!credential) {
    replace(who, 'Public viewer');
    return;
  }
  const hint = credentialHint(credential);
  const what = credential.kind === 'bearer' ? 'Bearer token' : 'API key';
  replace(
    who,
    h('span', null, what),
    hint.role ? h('span', { class: 'role', 'data-role': hint.role }, ` · ${hint.role}`) : null,
    hint.expired ? h('span', { class: 'expired' }, ' · expired') : null,
  );
}

function drawAsOf(): void {
  const asOf = getAsOf();
  asOfInput.value = asOf ?? '';
  asOfInput.max = new Date().toISOString().slice(0, 10);
  document.body.classList.toggle('past-view', asOf !== null);
  banner.hidden = asOf === null;
  if (asOf) {
    const back = h('button', { type: 'button', class: 'banner-button' }, 'Back to the present');
    back.addEventListener('click', () => {
      setAsOf(null);
      drawAsOf();
      void render();
    });
    replace(
      banner,
      h('strong', null, `Past view: the graph as it stood at the end of ${asOf} (UTC).`),
      ' Whatever was recorded or changed since is not shown; access and protection are today’s. Search and paths filter by creation time only. ',
      back,
    );
  } else {
    replace(banner);
  }
}

async function render(): Promise<void> {
  const mine = ++generation;
  const route = parseHash(location.hash);
  const view = VIEWS[route.name];
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav.views a')) {
    if (a.dataset.route === NAV_OF[route.name]) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const alive = () => mine === generation;
  const ctx = {
    route,
    alive,
    show: (...nodes: Child[]) => {
      if (alive()) replace(main, ...nodes);
    },
    title: (text: string) => {
      if (alive()) document.title = `${text} · Athar explorer`;
    },
  };
  main.setAttribute('aria-busy', 'true');
  try {
    if (!view) {
      ctx.show(
        h('h1', { tabindex: '-1' }, 'No such page'),
        h('p', null, 'Try ', h('a', { href: '#/search' }, 'search'), '.'),
      );
    } else {
      const focus = await view(ctx);
      if (alive() && focus && initialised) focus.focus({ preventScroll: false });
    }
  } catch (error) {
    ctx.show(h('h1', { tabindex: '-1' }, 'Something went wrong'), errorBox([error]));
  } finally {
    if (alive()) {
      main.removeAttribute('aria-busy');
      main.dataset.view = route.name;
      main.dataset.rendered = String(mine);
    }
  }
}

let initialised = false;

asOfForm.addEventListener('submit', (event) => {
  event.preventDefault();
  setAsOf(asOfInput.value || null);
  drawAsOf();
  void render();
});
byId<HTMLButtonElement>('as-of-clear').addEventListener('click', () => {
  setAsOf(null);
  drawAsOf();
  void render();
});
byId<HTMLAnchorElement>('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  (main.querySelector<HTMLElement>('h1') ?? main).focus();
});
onCredentialChange(drawWho);
window.addEventListener('hashchange', () => void render());

drawWho();
drawAsOf();
if (!location.hash || location.hash === '#' || location.hash === '#/') history.replaceState(null, '', '#/search');
void render().then(() => {
  initialised = true;
});
