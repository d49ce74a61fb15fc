import { starterText } from './starter-text.js';
import { quote } from './yaml-text.js';

export interface SkeletonInput {
  number: number;
  date: string;
  lang: string;
  /** Left empty (and so reported by validate) when not given. */
  subject?: string;
  /** The file's path as the editor will type it, for the comment at the top. */
  displayPath: string;
}

const SECTIONS = [
  { key: 'review', what: 'events that took place: workshops, dialogue events, exchanges' },
  { key: 'insight', what: 'good practices and portraits: a programme, a person, a pilot project' },
  { key: 'outlook', what: 'what is coming: calls for participation, planned events' },
] as const;

function itemLines(date: string): string[] {
  return [
    '  - title:            # required: the headline',
    '    # subtitle: ""     # the line under the headline',
    '    # label: ""        # a kicker above the title, e.g. "Good practice"',
    '    # body: |          # the teaser text, Markdown',
    '    #   …',
    '    # link: "https://example.org/more"   # where "more" leads (https, http or mailto)',
    '    # link_label: ""   # button text; default "Read more" in the issue\'s language',
    '    # image: {src: images/photo.jpg, alt: "what the picture shows", width: 600}',
    `    # date: ${date}   # or a span: {from: ${date}, to: ${date}}`,
    '    # location: "Online"',
    '    # contact: "Name, name@example.org"   # whom to ask, Markdown',
  ];
}

/**
 * A new issue with every field of the format present: required ones as values, optional
 * ones as commented-out examples. What only the editor can write — the subject when not
 * given, one title per section — is left empty, so `validate` points at exactly those
 * lines until they are filled.
 */
export function issueSkeletonText(input: SkeletonInput): string {
  const words = starterText(input.lang);
  const out = [
    `# Issue ${input.number} (${input.lang}). Fill in every empty value, uncomment what you need.`,
    `# \`newsletter validate ${input.displayPath}\` lists what is still missing;`,
    `# \`newsletter preview ${input.displayPath}\` shows the mail while you write.`,
    `number: ${input.number}`,
    `date: ${input.date}           # publication date, YYYY-MM-DD`,
    input.subject === undefined || input.subject === ''
      ? 'subject:                    # required: the mail\'s subject, one line'
      : `subject: ${quote(input.subject)}`,
    `# preheader: ""             # the preview text inboxes show after the subject`,
    `# language: ${input.lang}              # the file name already says it`,
    '# intro: |                  # the editorial letter, Markdown; may greet the reader:',
    `#   ${words.greeting}`,
    '#',
    '#   …',
    `# signoff: ${quote(words.signoff)}`,
    '# headings:                 # to change a section\'s standard heading',
    '#   review: ""',
    '#   insight: ""',
    '#   outlook: ""',
  ];
  for (const section of SECTIONS) {
    out.push('', `# ${section.what}.`, '# Delete the whole section to leave it out of this issue; add items with "- title:".');
    out.push(`${section.key}:`, ...itemLines(input.date));
  }
  return `${out.join('\n')}\n`;
}

export interface NewIssueChoice {
  id: string;
  number: number;
  date: string;
  languages: string[];
  /** Subject per language; a language without one gets an empty subject line. */
  subjects: Record<string, string | undefined>;
}

/** One skeleton per language: `issues/<id>.<lang>.yaml`, paths relative to the project. */
export function planIssueFiles(choice: NewIssueChoice, issuesFolder = 'issues'): { path: string; content: string }[] {
  return choice.languages.map((lang) => {
    const path = `${issuesFolder}/${choice.id}.${lang}.yaml`;
    return {
      path,
      content: issueSkeletonText({ number: choice.number, date: choice.date, lang, subject: choice.subjects[lang], displayPath: path }),
    };
  });
}
