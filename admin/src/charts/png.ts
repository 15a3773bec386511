/*
 * Images and files the browser saves: a tile or a whole dashboard as a PNG (drawn from the page's
 * DOM by html-to-image, canvases included), for the admin and the public viewer alike.
 */

/** A name in lowercase ASCII words joined by dashes (`Pipeline by stage` → `pipeline-by-stage`). */
export const fileSlug = (name: string, fallback: string): string =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || fallback;

const twoDigits = (value: number) => String(value).padStart(2, '0');

/** The image's file name: its title and the local day it was taken (`pipeline-2026-12-06.png`). */
export const pngFileName = (title: string, date: Date = new Date()): string =>
  `${fileSlug(title, 'dashboard')}-${date.getFullYear()}-${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())}.png`;

/** Hands a URL (an object URL or a data URL) to the browser as a downloaded file. */
export function saveFile(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
}

/** The colour the element is seen on: its own background, else the first ancestor's that is not transparent. */
function backgroundOf(element: HTMLElement): string {
  for (let node: HTMLElement | null = element; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(colour)) return colour;
  }
  return '#ffffff';
}

/** Elements marked `data-png-skip` (a tile's menu button) are left out of the image. */
const shown = (node: HTMLElement) => !(node instanceof Element && node.hasAttribute('data-png-skip'));

/**
 * Saves `element` as it shows on the page as a PNG named `fileName`, at the screen's pixel ratio
 * (the image is the element's size in CSS pixels times that ratio).
 */
export async function downloadPng(element: HTMLElement, fileName: string): Promise<void> {
  const { toPng } = await import('html-to-image');
  const url = await toPng(element, {
    pixelRatio: window.devicePixelRatio || 1,
    backgroundColor: backgroundOf(element),
    filter: shown,
  });
  saveFile(url, fileName);
}
