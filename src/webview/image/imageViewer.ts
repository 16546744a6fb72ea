// The image pane: the picture fitted to its pane, zoomed with the wheel around the cursor, by
// click (Alt+click zooms out), by the toolbar or + / - / 0 when focused; dragged to pan. In
// "Select region" mode (or with Shift held) a drag draws the rectangle a question is about; from
// the keyboard (R, or the button pressed with Enter/Space) arrow keys move a rectangle, Shift+
// arrow keys resize it, Enter selects it and Escape cancels, each step announced.
// Positioning is a CSS transform set through CSSOM, which the panel's CSP allows (it blocks
// only style attributes written in markup).

import type { PixelBox, PreparedImage } from '../../core/protocol';
import { h, icon, Icons } from '../dom';
import { ImageOverlay } from './imageOverlay';
import { describePreparation, type Size } from './imagePreparation';
import { ImageTransform, type Point } from './imageTransform';
import { isArrowKey, startingRegion, stepRegion } from './keyboardRegion';
import * as l10n from '@vscode/l10n';

const MAX_SCALE = 16;
const STEP = 1.25;
const PAN_STEP_PX = 48;
/** Pointer travel that turns a click into a drag. */
const DRAG_THRESHOLD_PX = 4;
const FIT_PADDING_PX = 12;
/** A selected region smaller than this (in screen pixels) is taken as a slip, not a region. */
const MIN_REGION_PX = 6;

interface Shown {
  readonly image: HTMLImageElement;
  readonly size: Size;
  /** Vector images stay sharp when enlarged, so Fit may enlarge them. */
  readonly vector: boolean;
}

export class ImageViewer {
  readonly element: HTMLElement;
  /** Regions and grounded components, drawn over the image in the original's pixels. */
  readonly overlay = new ImageOverlay();
  /** A region was selected (or cleared: undefined), in the original image's pixels. */
  onRegionSelected: ((box: PixelBox | undefined) => void) | undefined;
  /** The original image is shown, at this size (boxes can be drawn from now on). */
  onImageShown: ((size: Size) => void) | undefined;
  private readonly title: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly zoomLabel: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly message: HTMLElement;
  private readonly sentCopyButton: HTMLButtonElement;
  /** Over the picture while the copy is shown: its pixel size, format and bytes. */
  private readonly sentCopyBadge: HTMLElement;
  private readonly regionButton: HTMLButtonElement;
  private regionMode = false;
  /** The rectangle arrow keys move, while one is being selected from the keyboard. */
  private keyboardRegion: PixelBox | undefined;
  /** Read out by screen readers: where the keyboard's rectangle is. */
  private readonly regionStatus: HTMLElement;
  private selecting:
    { pointerId: number; startX: number; startY: number; box: PixelBox | undefined } | undefined;
  private readonly controls: HTMLButtonElement[];
  private original: Shown | undefined;
  private sentCopy: Shown | undefined;
  private shown: Shown | undefined;
  /** Where the original's pixels are on the screen; the copy, when shown, is laid over the same pixels. */
  private transform: ImageTransform | undefined;
  private fitted = true;
  private drag:
    | {
        pointerId: number;
        startX: number;
        startY: number;
        origin: ImageTransform;
        moved: boolean;
      }
    | undefined;

  constructor() {
    this.title = h('span', { class: 'image-title' });
    this.zoomLabel = h('span', { class: 'zoom-label', 'aria-live': 'off' }, '');
    const zoomOut = toolButton(l10n.t('Zoom out'), Icons.zoomOut, () => this.zoomBy(1 / STEP));
    const zoomIn = toolButton(l10n.t('Zoom in'), Icons.zoomIn, () => this.zoomBy(STEP));
    // Text buttons keep their name in aria-label: a narrow pane shows only their icons (panel.css).
    const fit = h(
      'button',
      {
        type: 'button',
        class: 'tool-button text',
        'aria-label': l10n.t('Fit'),
        title: l10n.t('Fit to pane (0)'),
      },
      icon(Icons.fit),
      toolLabel(l10n.t('Fit')),
    );
    fit.addEventListener('click', () => this.fit());
    this.sentCopyButton = h(
      'button',
      {
        type: 'button',
        class: 'tool-button text sent-copy-toggle',
        'aria-pressed': 'false',
        'aria-label': l10n.t('What the model sees'),
        title: l10n.t(
          'Show exactly what leaves the machine: the prepared copy, its pixel size and bytes',
        ),
        disabled: true,
      },
      icon(Icons.eye),
      toolLabel(l10n.t('What the model sees')),
    );
    this.sentCopyBadge = h('p', { class: 'sent-copy-badge', role: 'status', hidden: true });
    this.sentCopyButton.addEventListener('click', () => this.toggleSentCopy());
    this.regionButton = h(
      'button',
      {
        type: 'button',
        class: 'tool-button text region-button',
        'aria-pressed': 'false',
        'aria-label': l10n.t('Select region'),
        title: l10n.t(
          'Drag a rectangle on the image to ask about that region (or Shift+drag; R, then arrow keys)',
        ),
      },
      icon(Icons.region),
      toolLabel(l10n.t('Select region')),
    );
    this.regionButton.addEventListener('click', (event) => {
      this.setRegionMode(!this.regionMode);
      // Pressed from the keyboard (a click without a pointer): continue with the keys.
      if (this.regionMode && event.detail === 0) {
        this.viewport.focus({ preventScroll: true });
        this.startKeyboardRegion();
      }
    });
    this.regionStatus = h('p', {
      class: 'visually-hidden region-status',
      role: 'status',
      'aria-live': 'polite',
    });
    this.controls = [zoomOut, zoomIn, fit, this.regionButton];

    this.stage = h('div', { class: 'image-stage' });
    this.message = h('p', { class: 'image-message' }, l10n.t('Loading image…'));
    this.viewport = h(
      'div',
      {
        class: 'image-viewport',
        tabindex: 0,
        role: 'group',
        'aria-roledescription': 'image viewer',
        'aria-label': l10n.t('Image'),
        'aria-describedby': 'image-caption',
        'aria-keyshortcuts': '+ - 0 1 R ArrowLeft ArrowRight ArrowUp ArrowDown Enter Escape',
      },
      this.stage,
      this.message,
      this.sentCopyBadge,
    );
    this.caption = h('p', { class: 'image-caption', id: 'image-caption' });
    this.element = h(
      'section',
      { class: 'image-pane', 'aria-label': l10n.t('Image') },
      h(
        'div',
        { class: 'image-toolbar' },
        icon(Icons.image, 'image-toolbar-icon'),
        this.title,
        h('span', { class: 'spacer' }),
        this.regionButton,
        this.sentCopyButton,
        h('span', { class: 'toolbar-separator', 'aria-hidden': 'true' }),
        zoomOut,
        this.zoomLabel,
        zoomIn,
        fit,
      ),
      this.viewport,
      this.caption,
      this.regionStatus,
    );
    this.setControlsEnabled(false);

    this.viewport.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    this.viewport.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    this.viewport.addEventListener('pointermove', (event) => this.onPointerMove(event));
    this.viewport.addEventListener('pointerup', (event) => this.onPointerUp(event));
    this.viewport.addEventListener('pointercancel', () => {
      this.endDrag();
      this.endSelection(undefined);
    });
    this.viewport.addEventListener('keydown', (event) => this.onKeyDown(event));
    new ResizeObserver(() => (this.fitted ? this.fit() : this.apply())).observe(this.viewport);
  }

  /** Puts a bar (the page picker) between the toolbar and the image. */
  addBar(bar: HTMLElement): void {
    this.viewport.before(bar);
  }

  /** A PDF's strip of pages, between the toolbar and the picture (replaces any earlier one). */
  setPageStrip(strip: HTMLElement): void {
    this.element.querySelector(':scope > .page-strip')?.remove();
    this.viewport.before(strip);
  }

  setTitle(name: string): void {
    this.title.textContent = name;
    this.title.title = name;
    this.viewport.setAttribute('aria-label', l10n.t('Image: {0}', name));
  }

  setCaption(text: string): void {
    this.caption.textContent = text;
  }

  /** Shown instead of the image while it loads, or when it cannot be shown. */
  setMessage(text: string | undefined, kind: 'info' | 'error' = 'info'): void {
    this.message.hidden = text === undefined;
    this.message.textContent = text ?? '';
    this.message.classList.toggle('error', kind === 'error');
    if (kind === 'error') {
      this.message.setAttribute('role', 'alert');
    } else {
      this.message.removeAttribute('role');
    }
  }

  showOriginal(image: HTMLImageElement, size: Size, vector: boolean, alt: string): void {
    image.alt = alt;
    image.draggable = false;
    this.original = { image, size, vector };
    this.sentCopy = undefined;
    this.sentCopyButton.disabled = true;
    this.sentCopyButton.setAttribute('aria-pressed', 'false');
    this.sentCopyBadge.hidden = true;
    this.display(this.original);
    this.onImageShown?.(size);
  }

  /**
   * Makes the prepared copy available behind the "What the model sees" toggle; with tiles, the
   * grid they cut is drawn over it, so the user sees which regions go at full resolution.
   */
  setSentCopy(
    image: HTMLImageElement,
    preparation: { readonly image: PreparedImage; readonly bytes: number },
  ): void {
    const size = { width: preparation.image.width, height: preparation.image.height };
    const shown = preparation.image.tiles?.length
      ? (withTileGrid(image, preparation.image) ?? image)
      : image;
    shown.alt = l10n.t('The copy of the image sent to the model');
    shown.draggable = false;
    // A copy prepared again (the settings changed) replaces the one on screen, if it is on screen.
    const showingCopy = this.shown !== undefined && this.shown === this.sentCopy;
    this.sentCopy = { image: shown, size, vector: false };
    this.sentCopyBadge.textContent = l10n.t('The model sees {0}', describePreparation(preparation));
    this.sentCopyButton.disabled = false;
    if (showingCopy) {
      this.display(this.sentCopy);
    }
  }

  /** The original image as shown (for cropping a region at full resolution). */
  get originalImage(): { readonly image: HTMLImageElement; readonly size: Size } | undefined {
    return this.original;
  }

  setRegionMode(on: boolean): void {
    this.regionMode = on;
    this.regionButton.setAttribute('aria-pressed', String(on));
    this.viewport.classList.toggle('selecting-region', on);
    if (!on) {
      this.keyboardRegion = undefined;
    }
  }

  /** Shows the keyboard's rectangle in the middle of what is in view, and says how to use it. */
  private startKeyboardRegion(): void {
    const transform = this.transform;
    if (!transform || !this.original) {
      return;
    }
    this.keyboardRegion = startingRegion(transform, this.paneSize());
    this.overlay.setSelection(this.keyboardRegion);
    this.announce(
      l10n.t(
        'Selecting a region, {0}. Arrow keys move it, Shift+arrow keys resize it, Enter selects it, Escape cancels.',
        describeRegion(this.keyboardRegion),
      ),
    );
  }

  /** Arrow keys, Enter and Escape while the keyboard's rectangle is shown; true when handled. */
  private onRegionKey(event: KeyboardEvent): boolean {
    const transform = this.transform;
    if (!this.regionMode || !transform || !this.original || event.ctrlKey || event.metaKey) {
      return false;
    }
    const region = this.keyboardRegion;
    if (isArrowKey(event.key)) {
      if (!region) {
        this.startKeyboardRegion();
        return true;
      }
      const moved = stepRegion(
        region,
        event.key,
        { resize: event.shiftKey, fine: event.altKey },
        transform,
      );
      this.keyboardRegion = moved;
      this.overlay.setSelection(moved);
      this.announce(describeRegion(moved));
      return true;
    }
    if (event.key === 'Enter' && region) {
      this.setRegionMode(false);
      this.overlay.setSelection(region);
      this.onRegionSelected?.(region);
      this.announce(
        l10n.t('Region selected, {0}: it goes with the next task.', describeRegion(region)),
      );
      return true;
    }
    if (event.key === 'Escape' && region) {
      this.setRegionMode(false);
      this.overlay.setSelection(undefined);
      this.onRegionSelected?.(undefined);
      this.announce(l10n.t('Region selection cancelled.'));
      return true;
    }
    return false;
  }

  private announce(text: string): void {
    // Cleared first, so the same words said twice are read twice.
    this.regionStatus.textContent = '';
    setTimeout(() => (this.regionStatus.textContent = text), 30);
  }

  /** Removes the pending selection (after it was asked about, or when the user clears it). */
  clearSelection(): void {
    this.overlay.setSelection(undefined);
  }

  fit(): void {
    if (!this.shown || !this.original) {
      return;
    }
    this.transform = ImageTransform.fit(this.original.size, this.paneSize(), {
      padding: FIT_PADDING_PX,
      enlarge: this.shown.vector,
      devicePixelRatio: devicePixelRatio,
    });
    this.fitted = true;
    this.apply();
  }

  zoomBy(factor: number, clientX?: number, clientY?: number): void {
    const transform = this.transform;
    if (!this.shown || !transform) {
      return;
    }
    const rect = this.viewport.getBoundingClientRect();
    const at =
      clientX === undefined || clientY === undefined
        ? { x: rect.width / 2, y: rect.height / 2 }
        : this.toViewport(clientX, clientY);
    this.transform = transform.zoomedTo(transform.scale * factor, at, {
      min: this.minScale(),
      max: MAX_SCALE,
    });
    this.fitted = false;
    this.apply();
  }

  /** Where the original's pixels are on the screen now (undefined before an image is shown). */
  get imageTransform(): ImageTransform | undefined {
    return this.transform;
  }

  private display(shown: Shown): void {
    this.shown = shown;
    const { image } = shown;
    // Both the original and the smaller copy are drawn over the original's pixels, so the view,
    // the overlay and a selection stay where they are when the copy is toggled.
    const size = this.original?.size ?? shown.size;
    image.className = 'image-content';
    image.style.width = `${size.width}px`;
    image.style.height = `${size.height}px`;
    this.stage.replaceChildren(image, this.overlay.element);
    this.setMessage(undefined);
    this.setControlsEnabled(true);
    this.fit();
  }

  private toggleSentCopy(): void {
    const showCopy = this.shown !== this.sentCopy && this.sentCopy !== undefined;
    const next = showCopy ? this.sentCopy : this.original;
    if (next) {
      this.sentCopyButton.setAttribute('aria-pressed', String(showCopy));
      this.sentCopyBadge.hidden = !showCopy;
      this.display(next);
    }
  }

  private minScale(): number {
    if (!this.original) {
      return 0.01;
    }
    const fit = ImageTransform.fit(this.original.size, this.paneSize()).scale;
    return Math.max(0.01, Math.min(fit, 1) / 2);
  }

  private paneSize(): Size {
    return { width: this.viewport.clientWidth, height: this.viewport.clientHeight };
  }

  /** A pointer position (client coordinates) in the viewport's own coordinates. */
  private toViewport(clientX: number, clientY: number): Point {
    const rect = this.viewport.getBoundingClientRect();
    return { x: clientX - rect.left, y: clientY - rect.top };
  }

  /**
   * Draws the picture and the overlay through the one transform: centred where the picture is
   * smaller than the pane, otherwise keeping the pane covered.
   */
  private apply(): void {
    const shown = this.shown;
    if (!shown || !this.transform) {
      return;
    }
    const pane = this.paneSize();
    const transform = this.transform.withDevicePixelRatio(devicePixelRatio).placedIn(pane);
    this.transform = transform;
    const { width, height } = transform.displayed;
    shown.image.style.transform = transform.css;
    this.overlay.place(transform);
    shown.image.classList.toggle('pixelated', !shown.vector && transform.scale >= 3);
    this.viewport.classList.toggle('pannable', width > pane.width || height > pane.height);
    this.zoomLabel.textContent = `${Math.round(transform.scale * 100)}%`;
  }

  private onWheel(event: WheelEvent): void {
    if (!this.shown) {
      return;
    }
    event.preventDefault();
    const pixels = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? event.deltaY * 16 : event.deltaY;
    // Pinch gestures arrive as wheel events with ctrlKey and small deltas.
    this.zoomBy(Math.exp(-pixels * (event.ctrlKey ? 0.01 : 0.002)), event.clientX, event.clientY);
  }

  private onPointerDown(event: PointerEvent): void {
    if (!this.shown || event.button !== 0) {
      return;
    }
    this.viewport.focus({ preventScroll: true });
    this.viewport.setPointerCapture(event.pointerId);
    if ((this.regionMode || event.shiftKey) && this.original) {
      this.selecting = {
        pointerId: event.pointerId,
        startX: event.clientX,
        startY: event.clientY,
        box: undefined,
      };
      return;
    }
    this.drag = {
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      origin: this.transform!,
      moved: false,
    };
  }

  private onPointerMove(event: PointerEvent): void {
    const selecting = this.selecting;
    if (selecting?.pointerId === event.pointerId) {
      selecting.box = this.boxBetween(
        selecting.startX,
        selecting.startY,
        event.clientX,
        event.clientY,
      );
      this.overlay.setSelection(selecting.box);
      return;
    }
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) {
      return;
    }
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (!drag.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD_PX) {
      return;
    }
    drag.moved = true;
    this.viewport.classList.add('dragging');
    this.transform = drag.origin.panned(dx, dy);
    this.fitted = false;
    this.apply();
  }

  private onPointerUp(event: PointerEvent): void {
    if (this.selecting?.pointerId === event.pointerId) {
      const big =
        Math.abs(event.clientX - this.selecting.startX) >= MIN_REGION_PX &&
        Math.abs(event.clientY - this.selecting.startY) >= MIN_REGION_PX;
      this.endSelection(
        big
          ? this.boxBetween(
              this.selecting.startX,
              this.selecting.startY,
              event.clientX,
              event.clientY,
            )
          : undefined,
      );
      return;
    }
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) {
      return;
    }
    this.endDrag();
    if (!drag.moved) {
      this.zoomBy(event.altKey ? 1 / 2 : 2, event.clientX, event.clientY);
    }
  }

  private endDrag(): void {
    if (this.drag && this.viewport.hasPointerCapture(this.drag.pointerId)) {
      this.viewport.releasePointerCapture(this.drag.pointerId);
    }
    this.drag = undefined;
    this.viewport.classList.remove('dragging');
  }

  private endSelection(box: PixelBox | undefined): void {
    const selecting = this.selecting;
    if (!selecting) {
      return;
    }
    this.selecting = undefined;
    if (this.viewport.hasPointerCapture(selecting.pointerId)) {
      this.viewport.releasePointerCapture(selecting.pointerId);
    }
    this.overlay.setSelection(box);
    this.onRegionSelected?.(box);
  }

  /** The rectangle between two pointer positions, in the original image's pixels, inside the image. */
  private boxBetween(x1: number, y1: number, x2: number, y2: number): PixelBox | undefined {
    return this.transform?.pixelsUnder(this.toViewport(x1, y1), this.toViewport(x2, y2));
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (this.onRegionKey(event)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (event.key === 'r' || event.key === 'R') {
      this.setRegionMode(!this.regionMode);
      if (this.regionMode) {
        this.startKeyboardRegion();
      }
      event.preventDefault();
      return;
    }
    if (event.key === 'Escape' && (this.regionMode || this.selecting)) {
      this.setRegionMode(false);
      this.endSelection(undefined);
      event.preventDefault();
      return;
    }
    const pans: Record<string, [number, number]> = {
      ArrowLeft: [PAN_STEP_PX, 0],
      ArrowRight: [-PAN_STEP_PX, 0],
      ArrowUp: [0, PAN_STEP_PX],
      ArrowDown: [0, -PAN_STEP_PX],
    };
    if (event.key === '+' || event.key === '=') {
      this.zoomBy(STEP);
    } else if (event.key === '-' || event.key === '_') {
      this.zoomBy(1 / STEP);
    } else if (event.key === '0') {
      this.fit();
    } else if (event.key === '1') {
      this.zoomBy(1 / (this.transform?.scale ?? 1));
    } else if (pans[event.key]) {
      const [dx, dy] = pans[event.key];
      this.transform = this.transform?.panned(dx, dy);
      this.fitted = false;
      this.apply();
    } else {
      return;
    }
    event.preventDefault();
  }

  private setControlsEnabled(enabled: boolean): void {
    for (const control of this.controls) {
      control.disabled = !enabled;
    }
    this.zoomLabel.hidden = !enabled;
  }
}

function toolButton(
  label: string,
  paths: readonly string[],
  onClick: () => void,
): HTMLButtonElement {
  const button = h(
    'button',
    { type: 'button', class: 'tool-button', 'aria-label': label, title: label },
    icon(paths),
  );
  button.addEventListener('click', onClick);
  return button;
}

/** The overview with the tiles' outlines and numbers drawn on it (a picture for the user only). */
function withTileGrid(
  overview: HTMLImageElement,
  prepared: PreparedImage,
): HTMLImageElement | undefined {
  const canvas = document.createElement('canvas');
  canvas.width = prepared.width;
  canvas.height = prepared.height;
  const context = canvas.getContext('2d');
  if (!context) {
    return undefined;
  }
  context.drawImage(overview, 0, 0);
  const scaleX = prepared.width / (prepared.sourceWidth ?? prepared.width);
  const scaleY = prepared.height / (prepared.sourceHeight ?? prepared.height);
  const line = Math.max(1, Math.round(Math.max(prepared.width, prepared.height) / 600));
  context.lineWidth = line;
  context.font = `${line * 10}px sans-serif`;
  for (const tile of prepared.tiles ?? []) {
    const x = tile.x * scaleX;
    const y = tile.y * scaleY;
    context.strokeStyle = 'rgba(0, 120, 212, 0.9)';
    context.strokeRect(
      x + line / 2,
      y + line / 2,
      tile.regionWidth * scaleX - line,
      tile.regionHeight * scaleY - line,
    );
    const label = `${tile.row + 1},${tile.column + 1}`;
    context.fillStyle = 'rgba(0, 120, 212, 0.9)';
    context.fillRect(x + line, y + line, context.measureText(label).width + line * 4, line * 13);
    context.fillStyle = '#ffffff';
    context.fillText(label, x + line * 3, y + line * 11);
  }
  const image = new Image();
  image.src = canvas.toDataURL('image/png');
  return image;
}

function describeRegion(box: PixelBox): string {
  return l10n.t('{0}×{1} pixels at {2}, {3}', box.width, box.height, box.x, box.y);
}

function toolLabel(text: string): HTMLElement {
  return h('span', { class: 'tool-label' }, text);
}
