/**
 * Type declarations for the few natural submodules we import directly.
 * Importing 'natural' itself loads every submodule (~1 s) and prints dotenv noise, so we never do.
 */
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string; tokenizeAndStem(text: string, keepStops?: boolean): string[] };
  export default PorterStemmer;
}

declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  class BayesClassifier {
    constructor(stemmer?: unknown, smoothing?: number);
    addDocument(text: string | string[], classification: string): void;
    train(): void;
    classify(observation: string | string[]): string;
    getClassifications(observation: string | string[]): Array<{ label: string; value: number }>;
    docs: unknown[];
    features: Record<string, number>;
  }
  export default BayesClassifier;
}

declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}
