import MarkdownIt from 'markdown-it';
import { stringOption, type Renderer } from './context';
import { element } from './dom';

/**
 * Markdown with raw HTML escaped (html: false) and markdown-it's link validation, which refuses
 * javascript:, vbscript:, file: and non-image data: URLs. Images are off: the public pages' CSP
 * loads none from elsewhere, so they would only break.
 */
const markdown = new MarkdownIt({ html: false, linkify: true }).disable('image');

const defaultLinkOpen = markdown.renderer.rules.link_open;
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  // links leave the dashboard (and an embedding iframe) in a new tab
  tokens[index].attrSet('target', '_blank');
  tokens[index].attrSet('rel', 'noopener noreferrer');
  return defaultLinkOpen
    ? defaultLinkOpen(tokens, index, options, env, self)
    : self.renderToken(tokens, index, options);
};

const ALIGNMENTS = new Set(['left', 'center', 'right', 'justify']);

/** The rendered markdown as nodes, parsed in an inert document (nothing in it runs or loads). */
function markdownNodes(content: string): Node[] {
  const parsed = new DOMParser().parseFromString(markdown.render(content), 'text/html');
  return [...parsed.body.childNodes].map((node) => document.adoptNode(node));
}

/** Text tiles: chart_config.content as markdown (or plain text when format says so). */
export const renderText: Renderer<string> = (container, content, context) => {
  const root = element('div', 'dv-text');
  const align = stringOption(context.config, 'text_align');
  if (align && ALIGNMENTS.has(align)) root.style.textAlign = align;
  const format = stringOption(context.config, 'format') ?? 'markdown';
  if (format === 'text' || format === 'plain') {
    root.classList.add('dv-text-plain');
    root.textContent = content;
  } else {
    root.append(...markdownNodes(content));
  }
  container.append(root);
  context.drawn();
  return () => root.remove();
};
