import { credentialHint, getCredential, gql, setCredential, type CredentialKind } from '../api';
import { h, replace } from '../dom';
import { PING } from '../queries';
import { errorBox } from '../ui';
import type { View } from '../view';

/** Called after the credential changes, to redraw the header. */
let onChange: () => void = () => undefined;
export function onCredentialChange(listener: () => void): void {
  onChange = listener;
}

export const loginView: View = async (ctx) => {
  ctx.title('Credential');
  const current = getCredential();
  const kind = (value: CredentialKind | 'public', label: string, help: string) =>
    h(
      'div',
      { class: 'radio' },
      h('input', {
        type: 'radio',
        name: 'kind',
        id: `kind-${value}`,
        value,
        checked: (current?.kind ?? 'public') === value,
        'aria-describedby': `kind-${value}-help`,
      }),
      h('label', { for: `kind-${value}` }, label),
      h('span', { id: `kind-${value}-help`, class: 'muted' }, ` — ${help}`),
    );
  const secret = h('input', {
    type: 'password',
    id: 'credential-value',
    name: 'credential',
    autocomplete: 'off',
    spellcheck: 'false',
    value: current?.value ?? '',
  });
  const result = h('div', { class: 'login-result', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Use this credential');
  const form = h(
    'form',
    { class: 'login-form' },
    h(
      'fieldset',
      null,
      h('legend', null, 'Read as'),
      kind('public', 'Public', 'no credential: public material only, protected people under pseudonyms'),
      kind('bearer', 'Bearer token', 'a JWT from your organisation, sent as Authorization: Bearer'),
      kind('apikey', 'API key', 'ak_…, sent as X-Api-Key'),
    ),
    h('label', { for: 'credential-value' }, 'Token or key'),
    secret,
    h('p', { class: 'muted' }, 'Kept in this tab only (sessionStorage) and sent to this server alone.'),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = (form.querySelector('input[name="kind"]:checked') as HTMLInputElement | null)?.value ?? 'public';
    const value = secret.value.trim();
    if (chosen !== 'public' && !value) {
      replace(result, h('p', { class: 'error', role: 'alert' }, 'Paste the token or key, or choose Public.'));
      return;
    }
    setCredential(chosen === 'public' ? null : { kind: chosen as CredentialKind, value });
    if (chosen === 'public') secret.value = '';
    onChange();
    submit.disabled = true;
    replace(result, h('p', { role: 'status' }, 'Checking with the server…'));
    void gql(PING).then(({ errors }) => {
      submit.disabled = false;
      if (errors.length) {
        replace(result, errorBox(errors));
        return;
      }
      const hint = credentialHint(getCredential());
      replace(
        result,
        h(
          'p',
          { class: 'ok', role: 'status' },
          chosen === 'public'
            ? 'Reading as the public.'
            : `Accepted by the server${hint.role ? `: the token names the ${hint.role} role` : ''}.`,
        ),
      );
    });
  });
  const heading = h('h1', { tabindex: '-1' }, 'Credential');
  ctx.show(
    heading,
    h(
      'p',
      { class: 'lead' },
      'What you may read depends on who is asking. Without a credential you read as the public: restricted and confidential material is left out, and protected people appear under pseudonyms.',
    ),
    form,
    result,
  );
  return heading;
};
