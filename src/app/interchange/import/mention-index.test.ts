import { names } from '../../../policy/mentions';
import { MentionIndex } from './mention-index';

const people = [
  { id: 'per_a', name: 'Sameer Haddad', aliases: ['Abu Sameer', 'سمير'] },
  { id: 'per_b', name: 'Ola', aliases: ['Ola Mansour'] },
  { id: 'per_c', name: 'Hadi Nasr', aliases: [] },
];

describe('MentionIndex', () => {
  it.each([
    'A detainee named Abu Sameer told the rights group',
    'سمير was held in the red building',
    'Ola said nothing; Ola Mansour spoke later',
    'Sameer Haddad-and Hadi Nasr',
    'Sameer alone, and Hadinasr',
    '',
  ])('finds whom %j names, as the policy rule does', (text) => {
    const expected = people
      .filter((p) => names(text, p))
      .map((p) => p.id)
      .sort();
    expect(new MentionIndex(people).named(text)).toEqual(expected);
  });
});
