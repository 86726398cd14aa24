// @ts-check
/**
 * A web-test-runner server command, `a11y-tree`: the page's accessibility tree as Chromium
 * exposes it to assistive technology (CDP `Accessibility.getFullAXTree`), one line per node
 * that a screen reader can reach: `role "name"` plus `focused`, `live=polite`, `modal`.
 * Ignored nodes (inert, hidden, presentational) are left out and their children lifted, as a
 * screen reader sees them; so are unnamed generic wrappers and inline text boxes.
 * Used by test/a11y-*.test.ts through `executeServerCommand('a11y-tree')`.
 */

/** @returns {import('@web/test-runner').TestRunnerPlugin} */
export function a11yTreePlugin() {
  return {
    name: 'a11y-tree',
    async executeCommand({ command, session }) {
      if (command !== 'a11y-tree') return undefined;
      const browser = /** @type {any} */ (session.browser);
      if (typeof browser.getPage !== 'function') throw new Error('a11y-tree needs the Chrome launcher');
      const page = browser.getPage(session.id);
      const cdp = await page.createCDPSession();
      try {
        await cdp.send('Accessibility.enable');
        const { nodes } = await cdp.send('Accessibility.getFullAXTree');
        return serialize(nodes);
      } finally {
        await cdp.detach();
      }
    },
  };
}

/** @param {any[]} nodes */
function serialize(nodes) {
  const byId = new Map(nodes.map((node) => [node.nodeId, node]));
  const root = nodes.find((node) => !node.parentId) ?? nodes[0];
  /** @type {string[]} */
  const lines = [];
  /** @param {any} node @param {number} depth */
  const walk = (node, depth) => {
    const role = node.role?.value ?? '';
    const name = node.name?.value ?? '';
    const props = Object.fromEntries((node.properties ?? []).map((/** @type {any} */ p) => [p.name, p.value?.value]));
    const shown =
      !node.ignored && role !== 'InlineTextBox' && !((role === 'generic' || role === 'none') && !name && !props.focused);
    if (shown) {
      const flags = [props.focused && 'focused', props.live && props.live !== 'off' && `live=${props.live}`, props.modal && 'modal']
        .filter(Boolean)
        .join(' ');
      lines.push(`${'  '.repeat(depth)}${role}${name ? ` ${JSON.stringify(name)}` : ''}${flags ? ` ${flags}` : ''}`);
    }
    for (const id of node.childIds ?? []) {
      const child = byId.get(id);
      if (child) walk(child, shown ? depth + 1 : depth);
    }
  };
  walk(root, 0);
  return lines;
}
