import { describe, expect, it } from 'vitest';
import { factCheckDate, parseQuotedTsv, tweetDate } from '../../evaluation/extract-matching.ts';

describe('the CheckThat! files as extract-matching.sh reads them', () => {
  it('reads a plain tab-separated row as its fields', () => {
    expect(parseQuotedTsv('0\tA claim.\tA title\n')).toEqual([['0', 'A claim.', 'A title']]);
  });

  it('unquotes a CSV-quoted field, keeping its doubled quotes as one quote', () => {
    expect(parseQuotedTsv('11\t"The CBC: ""CBC deletes Trump"" #Defund"\n12\tnext\n')).toEqual([
      ['11', 'The CBC: "CBC deletes Trump" #Defund'],
      ['12', 'next'],
    ]);
  });

  it('keeps a quoted field that spans two lines in one record', () => {
    expect(parseQuotedTsv('3057\t"Account describes efforts at a Veterans\nAdministration hospital."\tA title\r\n1\tx\ty')).toEqual([
      ['3057', 'Account describes efforts at a Veterans\nAdministration hospital.', 'A title'],
      ['1', 'x', 'y'],
    ]);
  });

  it('leaves a quote inside an unquoted field alone', () => {
    expect(parseQuotedTsv('5\tHe said "no" twice\n')).toEqual([['5', 'He said "no" twice']]);
  });
});

describe('the dates extract-matching.sh writes beside tweets and fact-checks', () => {
  it('reads a tweet’s date from the signature an embedded tweet ends with, and none from a text without one', () => {
    expect(tweetDate('Iran could threaten Trump hotels. — Ilhan Omar (@IlhanMN) January 6, 2020')).toBe('2020-01-06');
    expect(tweetDate('A number of fraudulent text messages have circulated this week.')).toBe('');
  });

  it('reads a Snopes date ("26 May 2015") as yyyy-mm-dd, and a missing one as none', () => {
    expect(factCheckDate('26 May 2015')).toBe('2015-05-26');
    expect(factCheckDate(undefined)).toBe('');
  });
});
