# Writes cases.json: random answer pairs scored by a verbatim transcription of SQuAD v1.1's
# official evaluate-v1.1.py, for tests/unit/eval/squad.test.ts to replay against
# src/lib/eval/squad.ts. The tests read the committed cases.json and never run Python.
#
#   python3 tests/unit/eval/squad-reference/reference.py && npx prettier --write tests/unit/eval/squad-reference/cases.json
#
# The seed is fixed, so the file only changes when this script does. The Python version and its
# Unicode version are recorded in the file (characters assigned later may be classified
# differently by a newer JavaScript engine; the generator uses none of them).
import json
import random
import re
import string
import sys
import unicodedata
from collections import Counter


# ---- evaluate-v1.1.py, verbatim (print to stderr dropped, missing ids collected instead) ----
def normalize_answer(s):
    """Lower text and remove punctuation, articles and extra whitespace."""

    def remove_articles(text):
        return re.sub(r'\b(a|an|the)\b', ' ', text)

    def white_space_fix(text):
        return ' '.join(text.split())

    def remove_punc(text):
        exclude = set(string.punctuation)
        return ''.join(ch for ch in text if ch not in exclude)

    def lower(text):
        return text.lower()

    return white_space_fix(remove_articles(remove_punc(lower(s))))


def f1_score(prediction, ground_truth):
    prediction_tokens = normalize_answer(prediction).split()
    ground_truth_tokens = normalize_answer(ground_truth).split()
    common = Counter(prediction_tokens) & Counter(ground_truth_tokens)
    num_same = sum(common.values())
    if num_same == 0:
        return 0
    precision = 1.0 * num_same / len(prediction_tokens)
    recall = 1.0 * num_same / len(ground_truth_tokens)
    f1 = (2 * precision * recall) / (precision + recall)
    return f1


def exact_match_score(prediction, ground_truth):
    return (normalize_answer(prediction) == normalize_answer(ground_truth))


def metric_max_over_ground_truths(metric_fn, prediction, ground_truths):
    scores_for_ground_truths = []
    for ground_truth in ground_truths:
        score = metric_fn(prediction, ground_truth)
        scores_for_ground_truths.append(score)
    return max(scores_for_ground_truths)


def evaluate(dataset, predictions):
    f1 = exact_match = total = 0
    missing = []
    for article in dataset:
        for paragraph in article['paragraphs']:
            for qa in paragraph['qas']:
                total += 1
                if qa['id'] not in predictions:
                    missing.append(qa['id'])
                    continue
                ground_truths = list(map(lambda x: x['text'], qa['answers']))
                prediction = predictions[qa['id']]
                exact_match += metric_max_over_ground_truths(
                    exact_match_score, prediction, ground_truths)
                f1 += metric_max_over_ground_truths(
                    f1_score, prediction, ground_truths)

    exact_match = 100.0 * exact_match / total
    f1 = 100.0 * f1 / total

    return {'exact_match': exact_match, 'f1': f1, 'missing': missing}
# ---- end of the official script ----


def contained(prediction, answers):
    """The lab's containment rule (not in the official script), for the same cases."""
    p = ' ' + normalize_answer(prediction) + ' '
    return any(normalize_answer(a) != '' and (' ' + normalize_answer(a) + ' ') in p for a in answers)


WORDS = [
    'a', 'an', 'the', 'A', 'An', 'THE', 'The', 'another', 'theatre', 'anthem', 'Athens', 'then',
    'thea', 'ana', 'a.m.', "the'", '_the_', 'the_', 'Denver', 'Broncos', 'broncos', 'Super',
    'Bowl', '50', '1,000', '3.14', '24–10', 'Levi\'s', 'Stadium', 'U.S.', 'New', 'York', 'of',
    'in', 'and', 'to', 'is', 'it', 'paris', 'Paris', 'PARIS', 'café', 'CAFÉ', 'cafe\u0301',
    'Straße', 'STRASSE', 'İstanbul', 'ΟΔΟΣ', 'Σίσυφος', 'naïve', 'Ångström', '東京', '北京大学',
    '½', 'x²', 'Ⅻ', 'é', 'éa', 'aé', 'a\u0301', '\u0301a', 'ña', 'the½', '½the', '“the”', '‘a’',
    '«an»', 'the…', '(the)', '[a]', '{an}', 'the-end', 'a/b', 'it’s', "it's", 'co-op', '#1',
    '$5', '100%', '@the', 'the@', '~a~', '`an`', '\\the', '|a|', 'a+b', 'the=an', 'ﬁne', 'Ⓐ',
    '🙂', 'the🙂', '🙂a', 'an🙂the', 'Ⅰ', 'ǅ', 'ǅa', 'aǅ', '٣', 'the٣', 'ा', 'नमस्ते', 'a\u200bb',
]
SPACES = [' ', ' ', ' ', '  ', '\t', '\n', '\r\n', '\x0b', '\x0c', '\x1c', '\x1f', '\x85', '\xa0',
          '\u1680', '\u2003', '\u2028', '\u202f', '\u3000', '\ufeff', '\u200b', '']


def phrase(rng, max_words):
    n = rng.randint(0, max_words)
    out = rng.choice(['', '', ' ', '\t', '\n'])
    for i in range(n):
        out += rng.choice(WORDS)
        if i < n - 1:
            out += rng.choice(SPACES)
    if rng.random() < 0.2:
        out += rng.choice(['.', '!', '?', ' ', '\n', '"'])
    return out


def main():
    rng = random.Random(20250611)
    cases = []
    for _ in range(400):
        answers = [phrase(rng, 4) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.3:
            # A prediction built from a gold answer plus noise, so matches and partial overlaps occur.
            prediction = rng.choice(['', 'The ', 'it is ']) + rng.choice(answers) + rng.choice(['', '.', ' indeed', '\n'])
        else:
            prediction = phrase(rng, 6)
        cases.append({
            'prediction': prediction,
            'answers': answers,
            'normalized': [normalize_answer(prediction)] + [normalize_answer(a) for a in answers],
            'exact_match': int(metric_max_over_ground_truths(exact_match_score, prediction, answers)),
            'f1': metric_max_over_ground_truths(f1_score, prediction, answers),
            'contained': contained(prediction, answers),
        })
    # One dataset of all cases, every fifth prediction missing.
    dataset = [{'title': 'Random', 'paragraphs': [{'context': '', 'qas': [
        {'id': 'q%d' % i, 'answers': [{'text': a} for a in c['answers']]} for i, c in enumerate(cases)
    ]}]}]
    predictions = {'q%d' % i: c['prediction'] for i, c in enumerate(cases) if i % 5 != 4}
    result = evaluate(dataset, predictions)
    out = {
        'generator': 'tests/unit/eval/squad-reference/reference.py',
        'python': sys.version.split()[0],
        'unicode': unicodedata.unidata_version,
        'cases': cases,
        'dataset': dataset,
        'predictions': predictions,
        'evaluation': result,
    }
    path = __file__.rsplit('/', 1)[0] + '/cases.json'
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(out, f, ensure_ascii=True, indent=2)
        f.write('\n')
    print('wrote %d cases to %s: %r' % (len(cases), path, {k: v for k, v in result.items() if k != 'missing'}))


if __name__ == '__main__':
    main()
