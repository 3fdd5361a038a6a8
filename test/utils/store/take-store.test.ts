import { describe, expect, it } from 'vitest';
import { describePhase, stripStatus, useTakeStore } from '@/utils/store/take-store';

describe('stripStatus', () => {
  it('says how the take stands in a word, for the collapsed strip', () => {
    expect(stripStatus('writing', false)).toEqual({ word: 'Writing…', tone: 'working' });
    expect(stripStatus('reading', true)).toEqual({ word: 'Reading…', tone: 'working' });
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
