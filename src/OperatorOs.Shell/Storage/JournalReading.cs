namespace OperatorOs.Shell;

/// <summary>Reads the end of a journal through its public API, without scanning it from the start.</summary>
internal static class JournalReading
{
    /// <summary>Finds the last event: sequences are gap-free from 1, so a galloping then binary search over "is there an event at or after n" needs O(log n) short reads.</summary>
    public static async Task<JournalEvent?> HeadAsync(Journal journal, CancellationToken cancellationToken)
    {
        if (await FirstFromAsync(journal, 1, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        long present = 1;
        long absent = 2;
        while (await FirstFromAsync(journal, absent, cancellationToken).ConfigureAwait(false) is not null)
        {
            present = absent;
            absent *= 2;
        }

        while (absent - present > 1)
        {
            long middle = present + ((absent - present) / 2);
            if (await FirstFromAsync(journal, middle, cancellationToken).ConfigureAwait(false) is null)
            {
                absent = middle;
            }
            else
            {
                present = middle;
            }
        }

        // Read the head itself last: a host may have appended meanwhile, and then this is the newer head.
        JournalEvent? head = null;
        await foreach (JournalEvent e in journal.ReadAsync(present, cancellationToken).ConfigureAwait(false))
        {
            head = e;
        }

        return head;
    }

    /// <summary>Verifies the links of the last <paramref name="links"/> events: a quick check, not a full verification.</summary>
    public static async Task<JournalVerification> VerifyTailAsync(Journal journal, long headSequence, int links, CancellationToken cancellationToken)
    {
        long anchor = headSequence - links;
        if (anchor < 1)
        {
            return await JournalChain.VerifyAsync(journal.ReadAsync(1, cancellationToken), JournalChain.GenesisHash, cancellationToken).ConfigureAwait(false);
        }

        JournalEvent start = await FirstFromAsync(journal, anchor, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"journal event {anchor} disappeared while it was read.");
        return await JournalChain.VerifyAsync(journal.ReadAsync(anchor + 1, cancellationToken), start.Hash, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<JournalEvent?> FirstFromAsync(Journal journal, long sequence, CancellationToken cancellationToken)
    {
        await foreach (JournalEvent e in journal.ReadAsync(sequence, cancellationToken).ConfigureAwait(false))
        {
            return e;
        }

        return null;
    }
}
