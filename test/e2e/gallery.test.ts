// The gallery's pictures, drawn in CI: every view in every theme renders without a page error,
// and its text and the outlines over the image keep WCAG AA contrast, measured on the pixels
// (docs/gallery is the committed copy `npm run gallery` writes; this draws into test-output).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { THEMES } from './vscodeWebviewStyles';
import { drawGallery, GALLERY_SCENES, type GalleryPicture } from './gallery';

const OUT = path.resolve(__dirname, '..', '..', '..', 'test-output', 'gallery');

describe('the gallery: every view in every theme, measured', function () {
  this.timeout(600_000);
  let pictures: GalleryPicture[];

  before(async () => {
    pictures = await drawGallery(OUT);
  });

  it('draws each scene in the dark, light and high-contrast themes', () => {
    const drawn = pictures.map((picture) => `${picture.scene}/${picture.theme}`).sort();
    const expected = GALLERY_SCENES.flatMap((scene) =>
      Object.keys(THEMES).map((theme) => `${scene}/${theme}`),
    ).sort();
    assert.deepEqual(drawn, expected);
  });

  it('throws no error in any page while a scene is acted', () => {
    const failing = pictures
      .filter((picture) => picture.pageErrors.length > 0)
      .map((picture) => `${picture.file}: ${picture.pageErrors.join('; ')}`);
    assert.deepEqual(failing, []);
  });

  it('keeps text at 4.5:1 and outlines over the image at 3:1 or more (WCAG AA)', () => {
    const below = pictures
      .filter((picture) => picture.below.length > 0)
      .map((picture) => `${picture.file}: ${picture.below.join('; ')}`);
    assert.deepEqual(below, []);
    // The measure found text in every picture: a blank page would pass the check above.
    const withoutText = pictures.filter((picture) => !picture.worstText).map((p) => p.file);
    assert.deepEqual(withoutText, []);
  });
});
