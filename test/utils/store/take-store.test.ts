import { describe, expect, it } from 'vitest';
import { describeEstimate, describePhase, stripStatus, useTakeStore } from '@/utils/store/take-store';

describe('stripStatus', () => {
  it('says how the take stands in a word, for the collapsed strip', () => {
    expect(stripStatus('writing', false)).toEqual({ word: 'Writing…', tone: 'working' });
    expect(stripStatus('reading', true)).toEqual({ word: 'Reading…', tone: 'working' });
    expect(stripStatus('figures', false)).toEqual({ word: 'Reading…', tone: 'working' });
    expect(stripStatus('done', false)).toEqual({ word: 'Take ready', tone: 'ok' });
    expect(stripStatus('failed', true)).toEqual({ word: 'Problem', tone: 'bad' });
    expect(stripStatus('idle', true)).toEqual({ word: 'Take saved', tone: 'ok' });
    expect(stripStatus('idle', false)).toEqual({ word: 'No take yet', tone: 'neutral' });
  });
});

describe('the take store', () => {
  it('a new run resets the run but not whether a saved take is shown', () => {
    useTakeStore.getState().update({ phase: 'done', markdown: 'text', savedShown: true });
    useTakeStore.getState().reset();
    expect(useTakeStore.getState()).toMatchObject({ phase: 'idle', markdown: '', savedShown: true });
    expect(describePhase(useTakeStore.getState())).toBe('');
  });
});

describe('describeEstimate', () => {
  it('adds the figures\' tokens to the text\'s and prices the sum', () => {
    expect(describeEstimate({ textTokens: 19_100, figureCount: 5, imageTokens: 4_300, costUsd: 0.0585 })).toBe(
      'About 23,400 input tokens (text 19,100 + 5 figures 4,300), about $0.06 before the answer.',
    );
  });

  it('says so when a model\'s image tokens are not known, and leaves out the price of an unpriced model', () => {
    expect(describeEstimate({ textTokens: 1_000, figureCount: 1 })).toBe('About 1,000 input tokens (text 1,000 + 1 figure (tokens not known for this model)).');
    expect(describeEstimate({ textTokens: 1_000, figureCount: 0, imageTokens: 0, costUsd: 0.0025 })).toBe('About 1,000 input tokens (text 1,000), about $0.0025 before the answer.');
  });
});

describe('describePhase while figures are drawn', () => {
  it('counts the figures drawn', () => {
    expect(describePhase({ phase: 'figures' })).toBe('Finding the figures…');
    expect(describePhase({ phase: 'figures', figureProgress: { done: 2, total: 6 } })).toBe('Drawing the figures… 2 of 6');
  });
});
