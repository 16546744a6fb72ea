// What is drawn over the image: the region being selected, the regions earlier turns asked
// about, and the components a grounded answer points at. One SVG over the whole viewport whose
// content group is placed by the viewer's ImageTransform (as an SVG transform, not a CSS one:
// `vector-effect: non-scaling-stroke` undoes only SVG transforms, so strokes keep their width at
// any zoom), and boxes are given in the original image's pixels whichever copy is shown.

import type { PixelBox } from '../core/protocol';
import type { ImageTransform } from './imageTransform';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface OverlayComponent {
  readonly name: string;
  readonly box: PixelBox;
  /** Shown as the box's tooltip (the box in the original's pixels). */
  readonly detail: string;
}

export class ImageOverlay {
  readonly element: SVGSVGElement;
  private readonly content: SVGGElement;
  private readonly regionLayer: SVGGElement;
  private readonly groundingLayer: SVGGElement;
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
    this.selection = svg('rect', {
      class: 'overlay-selection',
      'vector-effect': 'non-scaling-stroke',
    });
    this.selectionHalo = halo();
    this.content = svg('g', { class: 'overlay-content' });
    this.content.append(this.regionLayer, this.groundingLayer, this.selectionHalo, this.selection);
    this.setSelection(undefined);
    this.element.append(this.content);
  }

  /** Lays the overlay over the picture: the same transform the viewer draws the image with. */
  place(transform: ImageTransform): void {
    const { x, y, scale } = transform.view;
    this.content.setAttribute('transform', `translate(${x} ${y}) scale(${scale})`);
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
