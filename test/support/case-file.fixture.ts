import { CASE_FILE_SCHEMA_VERSION, type CaseFile } from '../../src/app/case-files/case-file';

/**
 * A hand-built case file for the renderer tests, modelled on the seed case
 * (seeds/sednaya-2024.json) as the public profile sees it. It exercises what
 * renderers get wrong: Arabic script, a protected witness under a pseudonym
 * with the excerpt about him withheld, two sources that disagree on a death
 * toll, a citation read through another document, a chain of derived sources,
 * and a source title full of HTML and Markdown syntax.
 */

export const SAMPLE_ARABIC_ALIAS = 'سجن صيدنايا';
export const SAMPLE_HOSTILE_TITLE = 'Field notes <script>alert("x")</script> on *cells* _below_ [ground] & more';

export function sampleCaseFile(): CaseFile {
  return {
    schemaVersion: CASE_FILE_SCHEMA_VERSION,
    atharVersion: '0.1.0',
    title: 'Case file: Sednaya Prison',
    subject: { id: 'fac_sednaya', kind: 'FACILITY', name: 'Sednaya Prison', claimIds: [] },
    asOf: '2025-01-15T12:34:56.000Z',
    profile: {
      name: 'public',
      role: 'PUBLIC',
      clearance: 'PUBLIC',
      description:
        'For publication: public material only. Protected people appear under pseudonyms and the excerpts about them are withheld; restricted and confidential sources are left out.',
    },
    sections: [
      {
        id: 'subject',
        title: 'Subject',
        statements: [
          { text: 'Sednaya Prison is recorded as a facility.', footnotes: [], rtl: [] },
          {
            text: `Also recorded as: Saydnaya Prison; Sednaya Military Prison; ${SAMPLE_ARABIC_ALIAS}.`,
            footnotes: [],
            rtl: [SAMPLE_ARABIC_ALIAS],
          },
          {
            text: 'Analysts’ description: Military prison north of Damascus, the most feared facility of the Assad government’s detention system.',
            footnotes: [],
            rtl: [],
          },
        ],
      },
      {
        id: 'location',
        title: 'Location and structure',
        statements: [
          { text: 'Sednaya Prison is located in Saydnaya.', footnotes: [1], rtl: [] },
          {
            text: 'Sednaya Prison, conditions reported: “Dozens of people were secretly executed every week”. [Disputed: The field notes repeat the article rather than confirm it.]',
            footnotes: [2],
            rtl: [],
          },
        ],
      },
      { id: 'officials', title: 'Operators and officials over time', statements: [] },
      {
        id: 'detainees',
        title: 'Detainees',
        statements: [{ text: 'Witness W-7K3Q9M was held at Sednaya Prison.', footnotes: [3], rtl: [] }],
      },
      {
        id: 'figures',
        title: 'Figures reported',
        statements: [
          {
            text: 'Sednaya Prison, people who died: more than 30,000 people (2011 to 2013).',
            footnotes: [4],
            rtl: [],
          },
          {
            text: 'Sednaya Prison, people who died: up to 13,000 people killed (2011 to 2016).',
            footnotes: [5],
            rtl: [],
          },
        ],
      },
    ],
    conflicts: [
      {
        text: 'The sources disagree: Sednaya Prison, people who died: more than 30,000 people (2011 to 2013). But: Sednaya Prison, people who died: up to 13,000 people killed (2011 to 2016). (more than 30,000 people and up to 13,000 people killed cannot both hold for the same periods (2011/2013 and 2011/2016).)',
        predicate: 'DEATH_COUNT',
        periodOverlap: 'CERTAIN',
        footnotes: [4, 5],
      },
    ],
    footnotes: [
      {
        number: 1,
        claimId: 'clm_sednaya_located_in_saydnaya',
        predicate: 'LOCATED_IN',
        text: 'Sednaya Prison is located in Saydnaya.',
        period: null,
        status: 'ASSERTED',
        statusReason: null,
        rank: 'PREFERRED',
        rankReason: 'Named by the article’s own reporter on site.',
        independentOrigins: 2,
        singleOrigin: false,
        citations: [
          {
            citationId: 'cit_sednaya_located_in_saydnaya_1',
            sourceId: 'src_article_000',
            sourceTitle: 'News article: search for hidden cells at Sednaya prison after the opening of Assad’s prisons',
            sourceKind: 'NEWS_ARTICLE',
            publisher: null,
            date: '2024-12-09',
            viaSourceId: null,
            viaSourceTitle: null,
            locator: 'para. 4',
            excerpt: 'underground labyrinth of jails deep inside the city of Sednaya',
            verifiedAgainst: 'eeb940c18f413f224ee7793ee3edd7cc32362f6b628c9bef1414c80b56de7387',
            reliability: 'C',
            credibility: 2,
          },
        ],
      },
      {
        number: 2,
        claimId: 'clm_sednaya_secret_weekly_executions',
        predicate: 'CONDITION',
        text: 'Sednaya Prison, conditions reported: “Dozens of people were secretly executed every week”. [Disputed: The field notes repeat the article rather than confirm it.]',
        period: null,
        status: 'DISPUTED',
        statusReason: 'The field notes repeat the article rather than confirm it.',
        rank: 'NORMAL',
        rankReason: null,
        independentOrigins: 1,
        singleOrigin: true,
        citations: [
          {
            citationId: 'cit_sednaya_secret_weekly_executions_1',
            sourceId: 'src_amnesty_and_others_sednaya_estimates',
            sourceTitle:
              'Amnesty International and other groups: estimates of secret executions and killings at Sednaya, 2011-2016 (as reported)',
            sourceKind: 'REPORT',
            publisher: 'Amnesty International',
            date: null,
            viaSourceId: 'src_article_004',
            viaSourceTitle:
              'News article: thousands released from Syria’s prisons as civil defence teams search for hidden cells',
            locator: 'para. 9',
            excerpt: 'dozens of people were secretly executed every week',
            verifiedAgainst: null,
            reliability: 'B',
            credibility: 3,
          },
          {
            citationId: 'cit_sednaya_secret_weekly_executions_2',
            sourceId: 'src_field_notes_2025',
            sourceTitle: SAMPLE_HOSTILE_TITLE,
            sourceKind: 'DOCUMENT',
            publisher: null,
            date: '2025-01',
            viaSourceId: null,
            viaSourceTitle: null,
            locator: 'p. 3, note [12]',
            excerpt: 'Weekly executions at <Sednaya> were *reported* as “routine” — سجن صيدنايا',
            verifiedAgainst: null,
            reliability: 'F',
            credibility: 6,
          },
        ],
      },

      {
        number: 3,
        claimId: 'clm_w7k3q9_detained_at_sednaya',
        predicate: 'DETAINED_AT',
        text: 'Witness W-7K3Q9M was held at Sednaya Prison.',
        period: null,
        status: 'ASSERTED',
        statusReason: null,
        rank: 'NORMAL',
        rankReason: null,
        independentOrigins: 1,
        singleOrigin: true,
        citations: [
          {
            citationId: 'cit_w7k3q9_detained_at_sednaya_1',
            sourceId: 'src_amnesty_2017_report',
            sourceTitle: 'Amnesty International 2017 report on Sednaya prison (as reported)',
            sourceKind: 'REPORT',
            publisher: 'Amnesty International',
            date: '2017',
            viaSourceId: 'src_article_000',
            viaSourceTitle:
              'News article: search for hidden cells at Sednaya prison after the opening of Assad’s prisons',
            locator: 'para. 32',
            // Withheld: the words name the protected witness.
            excerpt: null,
            verifiedAgainst: null,
            reliability: 'B',
            credibility: 3,
          },
        ],
      },
      {
        number: 4,
        claimId: 'clm_sednaya_deaths_admsp_2011_2013',
        predicate: 'DEATH_COUNT',
        text: 'Sednaya Prison, people who died: more than 30,000 people (2011 to 2013).',
        period: '2011/2013',
        status: 'ASSERTED',
        statusReason: null,
        rank: 'NORMAL',
        rankReason: null,
        independentOrigins: 1,
        singleOrigin: true,
        citations: [
          {
            citationId: 'cit_sednaya_deaths_admsp_2011_2013_1',
            sourceId: 'src_admsp_2022_report',
            sourceTitle: 'ADMSP 2022 report on Sednaya prison (as reported)',
            sourceKind: 'REPORT',
            publisher: 'Association of Detainees and the Missing in Sednaya Prison (ADMSP)',
            date: '2022',
            viaSourceId: 'src_article_000',
            viaSourceTitle:
              'News article: search for hidden cells at Sednaya prison after the opening of Assad’s prisons',
            locator: 'para. 28',
            excerpt: 'The group estimated more than 30,000 people died there',
            verifiedAgainst: null,
            reliability: 'B',
            credibility: 3,
          },
        ],
      },
      {
        number: 5,
        claimId: 'clm_sednaya_deaths_amnesty_2011_2016',
        predicate: 'DEATH_COUNT',
        text: 'Sednaya Prison, people who died: up to 13,000 people killed (2011 to 2016).',
        period: '2011/2016',
        status: 'ASSERTED',
        statusReason: null,
        rank: 'NORMAL',
        rankReason: null,
        independentOrigins: 1,
        singleOrigin: true,
        citations: [
          {
            citationId: 'cit_sednaya_deaths_amnesty_2011_2016_1',
            sourceId: 'src_amnesty_and_others_sednaya_estimates',
            sourceTitle:
              'Amnesty International and other groups: estimates of secret executions and killings at Sednaya, 2011-2016 (as reported)',
            sourceKind: 'REPORT',
            publisher: 'Amnesty International',
            date: null,
            viaSourceId: 'src_article_004',
            viaSourceTitle:
              'News article: thousands released from Syria’s prisons as civil defence teams search for hidden cells',
            locator: 'para. 9',
            excerpt: 'estimating up to 13,000 Syrians were killed between 2011 and 2016',
            verifiedAgainst: null,
            reliability: 'B',
            credibility: 3,
          },
        ],
      },
    ],
    bibliography: [
      {
        sourceId: 'src_admsp_2022_report',
        title: 'ADMSP 2022 report on Sednaya prison (as reported)',
        kind: 'REPORT',
        publisher: 'Association of Detainees and the Missing in Sednaya Prison (ADMSP)',
        author: null,
        date: '2022',
        url: null,
        language: 'en',
        contentHash: null,
        derivedFromIds: [],
      },
      {
        sourceId: 'src_amnesty_2017_report',
        title: 'Amnesty International 2017 report on Sednaya prison (as reported)',
        kind: 'REPORT',
        publisher: 'Amnesty International',
        author: null,
        date: '2017',
        url: 'https://www.amnesty.org/en/documents/mde24/5415/2017/en/',
        language: 'en',
        contentHash: null,
        derivedFromIds: [],
      },
      {
        sourceId: 'src_amnesty_and_others_sednaya_estimates',
        title:
          'Amnesty International and other groups: estimates of secret executions and killings at Sednaya, 2011-2016 (as reported)',
        kind: 'REPORT',
        publisher: 'Amnesty International',
        author: null,
        date: null,
        url: null,
        language: 'en',
        contentHash: null,
        derivedFromIds: [],
      },
      {
        sourceId: 'src_article_000',
        title: 'News article: search for hidden cells at Sednaya prison after the opening of Assad’s prisons',
        kind: 'NEWS_ARTICLE',
        publisher: null,
        author: null,
        date: '2024-12-09',
        url: null,
        language: 'en',
        contentHash: 'eeb940c18f413f224ee7793ee3edd7cc32362f6b628c9bef1414c80b56de7387',
        derivedFromIds: ['src_admsp_2022_report', 'src_amnesty_2017_report'],
      },
      {
        sourceId: 'src_article_004',
        title: 'News article: thousands released from Syria’s prisons as civil defence teams search for hidden cells',
        kind: 'NEWS_ARTICLE',
        publisher: null,
        author: null,
        date: '2024-12',
        url: null,
        language: 'en',
        contentHash: '6a76edc7e6d97d2195954128b66fda14584b5e1e13404b1ffeb0739846af72e4',
        derivedFromIds: ['src_amnesty_and_others_sednaya_estimates'],
      },
      {
        sourceId: 'src_field_notes_2025',
        title: SAMPLE_HOSTILE_TITLE,
        kind: 'DOCUMENT',
        publisher: null,
        author: 'Documentation team',
        date: '2025-01',
        url: null,
        language: 'ar',
        contentHash: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
        // The chain: the notes repeat the article, which reports the two NGO reports.
        derivedFromIds: ['src_article_000'],
      },
    ],
    traces: [
      {
        footnote: 1,
        claimId: 'clm_sednaya_located_in_saydnaya',
        citations: [
          {
            citationId: 'cit_sednaya_located_in_saydnaya_1',
            sourceId: 'src_article_000',
            viaSourceId: null,
            originIds: ['src_admsp_2022_report', 'src_amnesty_2017_report'],
          },
        ],
      },
      {
        footnote: 2,
        claimId: 'clm_sednaya_secret_weekly_executions',
        citations: [
          {
            citationId: 'cit_sednaya_secret_weekly_executions_1',
            sourceId: 'src_amnesty_and_others_sednaya_estimates',
            viaSourceId: 'src_article_004',
            originIds: ['src_amnesty_and_others_sednaya_estimates'],
          },
          {
            citationId: 'cit_sednaya_secret_weekly_executions_2',
            sourceId: 'src_field_notes_2025',
            viaSourceId: null,
            originIds: ['src_admsp_2022_report', 'src_amnesty_2017_report'],
          },
        ],
      },
      {
        footnote: 3,
        claimId: 'clm_w7k3q9_detained_at_sednaya',
        citations: [
          {
            citationId: 'cit_w7k3q9_detained_at_sednaya_1',
            sourceId: 'src_amnesty_2017_report',
            viaSourceId: 'src_article_000',
            originIds: ['src_amnesty_2017_report'],
          },
        ],
      },
      {
        footnote: 4,
        claimId: 'clm_sednaya_deaths_admsp_2011_2013',
        citations: [
          {
            citationId: 'cit_sednaya_deaths_admsp_2011_2013_1',
            sourceId: 'src_admsp_2022_report',
            viaSourceId: 'src_article_000',
            originIds: ['src_admsp_2022_report'],
          },
        ],
      },
      {
        footnote: 5,
        claimId: 'clm_sednaya_deaths_amnesty_2011_2016',
        citations: [
          {
            citationId: 'cit_sednaya_deaths_amnesty_2011_2016_1',
            sourceId: 'src_amnesty_and_others_sednaya_estimates',
            viaSourceId: 'src_article_004',
            originIds: ['src_amnesty_and_others_sednaya_estimates'],
          },
        ],
      },
    ],
  };
}
