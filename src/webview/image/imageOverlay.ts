// What is drawn over the image: the region being selected, the regions earlier turns asked
// about, the components a grounded answer points at, and the regions the model zoomed into. One SVG over the whole viewport whose
// content group is placed by the viewer's ImageTransform (as an SVG transform, not a CSS one:
// `vector-effect: non-scaling-stroke` undoes only SVG transforms, so strokes keep their width at
// any zoom), and boxes are given in the original image's pixels whichever copy is shown. The
// zoom trail's labels ("Zoom 1") are text of a constant size, so they sit in screen coordinates,
// placed through the same transform.

import type { PixelBox } from '../../core/protocol';
import type { ImageTransform } from './imageTransform';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface OverlayComponent {
  readonly name: string;
  readonly box: PixelBox;
  /** Shown as the box's tooltip (the box in the original's pixels). */
  readonly detail: string;
}

/** A region the model zoomed into, labelled as in its turn's list of crops. */
export interface OverlayZoom {
  readonly label: number;
  readonly box: PixelBox;
  /** "Zoom 1": the visible label and the outline's title. */
  readonly name: string;
}

export class ImageOverlay {
  readonly element: SVGSVGElement;
  private readonly content: SVGGElement;
  private readonly regionLayer: SVGGElement;
  private readonly groundingLayer: SVGGElement;
  private readonly zoomLayer: SVGGElement;
  /** In screen coordinates, over the content: the labels of the zoom outlines. */
  private readonly zoomLabelLayer: SVGGElement;
  private zoomTurn: string | undefined;
  private zooms: {
    readonly zoom: OverlayZoom;
    readonly group: SVGGElement;
    readonly tag: SVGGElement;
  }[] = [];
  private transform: ImageTransform | undefined;
  private readonly selection: SVGRectElement;
  private readonly selectionHalo: SVGRectElement;
  private readonly regions = new Map<string, SVGGElement>();
  private groundingTurn: string | undefined;
  private groundingBoxes: SVGGElement[] = [];
  /** A box of the shown grounding was hovered (index) or left (undefined). */
  onHoverComponent: ((turnId: string, index: number | undefined) => void) | undefined;

  constructor() {
    this.element = svg('svg', { class: 'image-overlay', 'aria-hidden': 'true' });
    this.regionLayer = svg('g', { class: 'overlay-regions' });
    this.groundingLayer = svg('g', { class: 'overlay-grounding' });
    this.zoomLayer = svg('g', { class: 'overlay-zooms' });
    this.zoomLabelLayer = svg('g', { class: 'overlay-zoom-labels' });
    this.selection = svg('rect', {
      class: 'overlay-selection',
      'vector-effect': 'non-scaling-stroke',
    });
    this.selectionHalo = halo();
    this.content = svg('g', { class: 'overlay-content' });
    this.content.append(
      this.regionLayer,
      this.zoomLayer,
      this.groundingLayer,
      this.selectionHalo,
      this.selection,
    );
    this.setSelection(undefined);
    this.element.append(this.content, this.zoomLabelLayer);
  }

  /** Lays the overlay over the picture: the same transform the viewer draws the image with. */
  place(transform: ImageTransform): void {
    const { x, y, scale } = transform.view;
    this.content.setAttribute('transform', `translate(${x} ${y}) scale(${scale})`);
    this.transform = transform;
    this.placeZoomLabels();
  }

  setSelection(box: PixelBox | undefined): void {
    for (const rect of [this.selectionHalo, this.selection]) {
      rect.setAttribute('visibility', box ? 'visible' : 'hidden');
      if (box) {
        place(rect, box);
      }
    }
  }

  /** Outlines the region a turn asked about, numbered in the order they were asked. */
  addRegion(turnId: string, box: PixelBox): void {
    this.regions.get(turnId)?.remove();
    const label = String(this.regions.size + (this.regions.has(turnId) ? 0 : 1));
    const rect = svg('rect', { class: 'overlay-region', 'vector-effect': 'non-scaling-stroke' });
    const under = halo();
    place(rect, box);
    place(under, box);
    const group = svg(
      'g',
      { class: 'overlay-region-group', 'data-turn-id': turnId },
      under,
      rect,
      svg('title', {}, `Region ${label}`),
    );
    this.regions.set(turnId, group);
    this.regionLayer.append(group);
  }

  highlightRegion(turnId: string | undefined): void {
    for (const [id, group] of this.regions) {
      group.classList.toggle('active', id === turnId);
    }
  }

  /** Shows the components of one turn's answer (replacing those of another turn). */
  showGrounding(turnId: string, components: readonly OverlayComponent[]): void {
    this.groundingTurn = turnId;
    this.groundingBoxes = components.map((component, index) => {
      const rect = svg('rect', {
        class: 'overlay-component',
        'vector-effect': 'non-scaling-stroke',
      });
      const under = halo();
      place(rect, component.box);
      place(under, component.box);
      const group = svg(
        'g',
        { class: 'overlay-component-group', 'data-index': index, 'data-name': component.name },
        under,
        rect,
        svg('title', {}, `${component.name} · ${component.detail}`),
      );
      group.addEventListener('pointerenter', () => this.onHoverComponent?.(turnId, index));
      group.addEventListener('pointerleave', () => this.onHoverComponent?.(turnId, undefined));
      return group;
    });
    this.groundingLayer.replaceChildren(...this.groundingBoxes);
  }

  /** Emphasises one component of `turnId` (showing that turn's boxes if another's are shown). */
  highlightComponent(turnId: string, index: number | undefined): boolean {
    if (turnId !== this.groundingTurn) {
      return false;
    }
    this.groundingBoxes.forEach((group, position) =>
      group.classList.toggle('active', position === index),
    );
    this.groundingLayer.classList.toggle('focused', index !== undefined);
    return true;
  }

  get shownGroundingTurn(): string | undefined {
    return this.groundingTurn;
  }

  /** Outlines the regions one turn zoomed into, in the order asked (replacing another turn's). */
  showZooms(turnId: string, zooms: readonly OverlayZoom[]): void {
    this.zoomTurn = turnId;
    this.zooms = zooms.map((zoom) => {
      const rect = svg('rect', { class: 'overlay-zoom', 'vector-effect': 'non-scaling-stroke' });
      const under = halo();
      place(rect, zoom.box);
      place(under, zoom.box);
      const group = svg(
        'g',
        { class: 'overlay-zoom-group', 'data-zoom-label': zoom.label },
        under,
        rect,
        svg('title', {}, zoom.name),
      );
      const text = svg('text', { class: 'overlay-zoom-text', x: 4, y: 12 }, zoom.name);
      const tag = svg(
        'g',
        { class: 'overlay-zoom-tag', 'data-zoom-label': zoom.label },
        svg('rect', { class: 'overlay-zoom-tag-box', width: 0, height: 16 }),
        text,
      );
      return { zoom, group, tag };
    });
    this.zoomLayer.replaceChildren(...this.zooms.map(({ group }) => group));
    this.zoomLabelLayer.replaceChildren(...this.zooms.map(({ tag }) => tag));
    this.placeZoomLabels();
  }

  /** Emphasises one zoom of the shown trail; false when `turnId`'s trail is not the one shown. */
  highlightZoom(turnId: string, label: number | undefined): boolean {
    if (turnId !== this.zoomTurn) {
      return false;
    }
    for (const { zoom, group, tag } of this.zooms) {
      group.classList.toggle('active', zoom.label === label);
      tag.classList.toggle('active', zoom.label === label);
    }
    this.zoomLayer.classList.toggle('focused', label !== undefined);
    return true;
  }

  get shownZoomTurn(): string | undefined {
    return this.zoomTurn;
  }

  /** Each label at the top-left corner of its outline, inside it, at the size text is read. */
  private placeZoomLabels(): void {
    const transform = this.transform;
    // Hidden until placed; then inherited (an explicit "visible" would show through a hidden overlay).
    if (!transform) {
      this.zoomLabelLayer.setAttribute('visibility', 'hidden');
      return;
    }
    this.zoomLabelLayer.removeAttribute('visibility');
    for (const { zoom, tag } of this.zooms) {
      const corner = transform.toScreen(zoom.box);
      tag.setAttribute('transform', `translate(${corner.x} ${corner.y})`);
      const box = tag.querySelector('rect');
      const text = tag.querySelector('text');
      if (box && text && box.getAttribute('width') === '0' && text.isConnected) {
        // Measured once it is in the page: the label's own width and a little room.
        box.setAttribute('width', String(Math.ceil(text.getComputedTextLength()) + 8));
      }
    }
  }
}

/**
 * A dark line under each coloured outline, one pixel wider on each side: the outline then has a
 * colour next to it that it contrasts with (3:1 and more in every theme), whatever the image is
 * under it, and the pair stands out from light and dark images alike.
 */
function halo(): SVGRectElement {
  return svg('rect', { class: 'overlay-halo', 'vector-effect': 'non-scaling-stroke' });
}

function place(rect: SVGRectElement, box: PixelBox): void {
  rect.setAttribute('x', String(box.x));
  rect.setAttribute('y', String(box.y));
  rect.setAttribute('width', String(Math.max(box.width, 0)));
  rect.setAttribute('height', String(Math.max(box.height, 0)));
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  ...children: (Node | string)[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, String(value));
  }
  element.append(...children);
  return element;
}
