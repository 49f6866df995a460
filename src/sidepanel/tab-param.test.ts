import { describe, expect, it } from 'vitest';
import { tabIdFromSearch as popupTab } from '../popup/tab-param';
import { tabIdFromSearch } from './tab-param';

describe('the side panel’s ?tab= rule', () => {
  it('reads exactly as the popup’s', () => {
    const cases = [
      '',
      '?tab=42',
      '?tab=0',
      '?tab=abc',
      '?tab=-1',
      '?tab=4.2',
      '?tab=99999999999999999999',
      '?x=1&tab=7',
    ];
    for (const search of cases) expect(tabIdFromSearch(search), search).toBe(popupTab(search));
    expect(tabIdFromSearch('?x=1&tab=7')).toBe(7);
  });
});
