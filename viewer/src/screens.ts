import { element } from '../../admin/src/charts/dom';
import type { Translate } from '../../admin/src/charts/i18n';

/** A full-page message (link unknown, expired, failed …): text only, whatever the server said. */
export function showMessage(root: HTMLElement, title: string, detail?: string): void {
  const box = element('main', 'dv-message');
  box.setAttribute('role', 'alert');
  box.append(element('h1', 'dv-message-title', title));
  if (detail) box.append(element('p', 'dv-message-detail', detail));
  root.replaceChildren(box);
}

export interface PasswordForm {
  showError(text: string): void;
  setBusy(busy: boolean): void;
}

/** The share password prompt; `onSubmit` gets the password typed. */
export function showPasswordForm(
  root: HTMLElement,
  t: Translate,
  onSubmit: (password: string) => void
): PasswordForm {
  const form = element('form', 'dv-password');
  form.noValidate = true;
  const title = element('h1', 'dv-message-title', t('viewer.password.title'));
  const hint = element('p', 'dv-message-detail', t('viewer.password.hint'));
  const label = element('label', 'dv-label', t('viewer.password.label'));
  label.htmlFor = 'dv-password-input';
  const input = element('input', 'dv-input');
  Object.assign(input, { id: 'dv-password-input', type: 'password', name: 'password', required: true });
  input.autocomplete = 'current-password';
  const error = element('p', 'dv-form-error');
  error.id = 'dv-password-error';
  error.setAttribute('role', 'alert');
  error.hidden = true;
  input.setAttribute('aria-describedby', error.id);
  const submit = element('button', 'dv-button dv-button-primary', t('viewer.password.submit'));
  submit.type = 'submit';
  form.append(title, hint, label, input, error, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value === '') {
      error.textContent = t('viewer.password.empty');
      error.hidden = false;
      input.focus();
      return;
    }
    onSubmit(input.value);
  });
  const page = element('main', 'dv-message');
  page.append(form);
  root.replaceChildren(page);
  input.focus();
  return {
    showError(text) {
      error.textContent = text;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.select();
      input.focus();
    },
    setBusy(busy) {
      submit.disabled = busy;
      input.readOnly = busy;
    },
  };
}
