namespace OperatorOs;

/// <summary>An inverted index over one full-text-indexed string property, scored with Okapi BM25.</summary>
/// <remarks>Not thread-safe: the owning storage's lock guards it. BM25 parameters are k1 = 1.2 and b = 0.75.</remarks>
internal sealed class FullTextIndex
{
    private const float K1 = 1.2f;
    private const float B = 0.75f;

    private readonly Dictionary<string, Dictionary<int, int>> _postings = new(StringComparer.Ordinal);
    private int[] _lengths = [];
    private long _totalLength;
    private int _documents;

    public FullTextIndex(string propertyName)
    {
        PropertyName = propertyName;
    }

    /// <summary>Gets the model name of the indexed property.</summary>
    public string PropertyName { get; }

    /// <summary>Indexes <paramref name="text"/> as the document of <paramref name="slot"/>; the slot must not be indexed already.</summary>
    public void Add(int slot, string? text)
    {
        List<string> terms = TextTokenizer.Tokenize(text);
        if (terms.Count == 0)
        {
            return;
        }

        if (slot >= _lengths.Length)
        {
            Array.Resize(ref _lengths, Math.Max(slot + 1, _lengths.Length * 2));
        }

        _lengths[slot] = terms.Count;
        _totalLength += terms.Count;
        _documents++;
        foreach (string term in terms)
        {
            if (!_postings.TryGetValue(term, out Dictionary<int, int>? posting))
            {
                posting = [];
                _postings.Add(term, posting);
            }

            posting[slot] = posting.GetValueOrDefault(slot) + 1;
        }
    }

    /// <summary>Removes the document of <paramref name="slot"/>, whose indexed text was <paramref name="text"/>.</summary>
    public void Remove(int slot, string? text)
    {
        if (slot >= _lengths.Length || _lengths[slot] == 0)
        {
            return;
        }

        foreach (string term in TextTokenizer.Tokenize(text))
        {
            if (_postings.TryGetValue(term, out Dictionary<int, int>? posting) && posting.Remove(slot) && posting.Count == 0)
            {
                _ = _postings.Remove(term);
            }
        }

        _totalLength -= _lengths[slot];
        _lengths[slot] = 0;
        _documents--;
    }

    /// <summary>Scores every document holding at least one of the query terms.</summary>
    public Dictionary<int, float> Score(IEnumerable<string> keywords)
    {
        var scores = new Dictionary<int, float>();
        if (_documents == 0)
        {
            return scores;
        }

        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (string keyword in keywords)
        {
            terms.UnionWith(TextTokenizer.Tokenize(keyword));
        }

        float averageLength = (float)_totalLength / _documents;
        foreach (string term in terms)
        {
            if (!_postings.TryGetValue(term, out Dictionary<int, int>? posting))
            {
                continue;
            }

            float idf = MathF.Log(1f + ((_documents - posting.Count + 0.5f) / (posting.Count + 0.5f)));
            foreach ((int slot, int frequency) in posting)
            {
                float norm = K1 * (1f - B + (B * _lengths[slot] / averageLength));
                float termScore = idf * frequency * (K1 + 1f) / (frequency + norm);
                scores[slot] = scores.GetValueOrDefault(slot) + termScore;
            }
        }

        return scores;
    }
}
