/**
 * The ways text can be hidden from a reader, and how a finding is reported. Kept apart from the detector so that
 * the sidebar can show findings without loading pdf.js.
 */
export type HiddenTechnique =
  | 'white-text'
  | 'background-colour'
  | 'tiny-font'
  | 'squashed'
  | 'invisible-render-mode'
  | 'outside-crop-box'
  | 'near-zero-opacity'
  | 'clipped'
  | 'covered'
  | 'hidden-layer'
  | 'masked'
  | 'not-visible';

export interface HiddenText {
  page: number;
  text: string;
  technique: HiddenTechnique;
}

/** How each technique hides text, in a reader's words ("p. 1, white on white"). */
export const techniqueDescriptions: Record<HiddenTechnique, string> = {
  'white-text': 'white on white',
  'background-colour': 'same colour as its background',
  'tiny-font': 'too small to read',
  squashed: 'squeezed too narrow to read',
  'invisible-render-mode': 'drawn as invisible text',
  'outside-crop-box': 'outside the visible page',
  'near-zero-opacity': 'almost fully transparent',
  clipped: 'clipped away',
  covered: 'covered by a shape drawn over it',
  'hidden-layer': 'in a hidden layer',
  masked: 'masked out',
  'not-visible': 'not visible on the page',
};
