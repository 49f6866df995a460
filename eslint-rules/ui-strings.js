/**
 * `mnueron/ui-strings`: words a person reads must come from `t()` / `plural()` (src/shared/i18n.ts), never from a
 * string literal in a component. Flags, in .tsx files:
 *   - JSX text with a letter in it (`<p>Saved</p>`);
 *   - a string (or template) literal with a letter as a JSX child, also inside `a ? 'x' : 'y'` and `a && 'x'`;
 *   - the same as the value of an attribute people read or hear: aria-label, title, placeholder, alt, and the
 *     project components' label, hint, intro and subtitle props.
 * Text without letters (" · ", "/", "—") passes; so do the exact strings in the `allow` option (the brand).
 */

/** Attributes whose value is shown or spoken. */
const USER_FACING = new Set([
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'hint',
  'intro',
  'subtitle',
]);

const LETTER = /\p{L}/u;

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'User-facing text in components goes through t() from src/shared/i18n.ts' },
    schema: [
      {
        type: 'object',
        properties: { allow: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
    messages: {
      text: 'User-facing text "{{text}}" is hard-coded: add a key to public/_locales/*/messages.json and use t().',
    },
  },
  create(context) {
    const allow = new Set(context.options[0]?.allow ?? ['Mnueron']);
    const flag = (node, raw) => {
      const text = raw.replace(/\s+/g, ' ').trim();
      if (!LETTER.test(text) || allow.has(text)) return;
      context.report({ node, messageId: 'text', data: { text: text.length > 40 ? `${text.slice(0, 40)}…` : text } });
    };
    /** Literal strings an expression evaluates to without calling anything. */
    const check = (node) => {
      if (!node) return;
      switch (node.type) {
        case 'Literal':
          if (typeof node.value === 'string') flag(node, node.value);
          return;
        case 'TemplateLiteral':
          flag(node, node.quasis.map((q) => q.value.cooked ?? '').join(' '));
          return;
        case 'ConditionalExpression':
          check(node.consequent);
          check(node.alternate);
          return;
        case 'LogicalExpression':
          check(node.right);
          return;
        default:
          return;
      }
    };
    return {
      JSXText(node) {
        flag(node, node.value);
      },
      JSXExpressionContainer(node) {
        if (node.parent?.type === 'JSXElement' || node.parent?.type === 'JSXFragment') check(node.expression);
      },
      JSXAttribute(node) {
        const name = node.name.type === 'JSXIdentifier' ? node.name.name : '';
        if (!USER_FACING.has(name) || !node.value) return;
        if (node.value.type === 'Literal') check(node.value);
        else if (node.value.type === 'JSXExpressionContainer') check(node.value.expression);
      },
    };
  },
};
