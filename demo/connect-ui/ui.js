// @ts-check
/**
 * Tiny DOM helpers for the stand-in Connect UI's screens: every screen is a heading (the
 * dialog's name) and a body, and takes focus when shown, so keyboard and screen reader
 * users land on it.
 */

/**
 * Creates an element. Props starting with `on` are listeners; `false`/`undefined` are skipped.
 * @param {string} tag
 * @param {Record<string, unknown>} [props]
 * @param {Array<Node | string | null | undefined | false | Array<Node | string>>} children
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false || value === null) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    else element.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

/**
 * @typedef {object} ScreenOptions
 * @property {string} heading
 * @property {Array<Node | string | null | undefined | false>} body
 * @property {HTMLElement} [focus]  What gets focus; the heading by default.
 * @property {'success' | 'error'} [tone]  An icon above the heading.
 */

/**
 * @param {{ title: HTMLElement, screen: HTMLElement, logo: HTMLImageElement | null }} parts
 */
export function createView({ title, screen, logo }) {
  const dialog = /** @type {HTMLElement} */ (title.closest('[role="dialog"]'));
  return {
    /** @param {string | undefined} url */
    setLogo(url) {
      if (!logo || !url) return;
      logo.src = url;
      logo.hidden = false;
    },
    /** @param {ScreenOptions} options */
    show({ heading, body, focus, tone }) {
      dialog.removeAttribute('aria-busy');
      dialog.dataset.tone = tone ?? '';
      title.textContent = heading;
      screen.replaceChildren(...body.filter((node) => node !== null && node !== undefined && node !== false));
      (focus ?? title).focus();
    },
    /**
     * A heading, one paragraph and one button: the "session expired" and error pages.
     * @param {{ heading: string, text: string, button: string, onClick: () => void, tone?: 'success' | 'error' }} options
     */
    message({ heading, text, button, onClick, tone = 'error' }) {
      this.show({
        heading,
        tone,
        body: [h('p', { className: 'lead' }, text), h('button', { type: 'button', className: 'primary', onclick: onClick }, button)],
      });
    },
  };
}

/** @typedef {ReturnType<typeof createView>} View */
