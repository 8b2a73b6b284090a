namespace Closeout.Features.Audit;

/// <summary>One break in a chain: which account, at which sequence, and what is wrong there.</summary>
public sealed record AuditProblem(string AccountId, long Sequence, string What)
{
    public override string ToString() => $"account {AccountId} sequence {Sequence}: {What}";
}

/// <summary>What verifying one account's chain found: how many entries, where it ends, and every break.</summary>
public sealed record AuditVerification(string AccountId, int Entries, long LastSequence, string LastHash, IReadOnlyList<AuditProblem> Problems)
{
    public bool Intact => Problems.Count == 0;
}

/// <summary>
/// Walks a chain and names every entry that was altered (its hash no longer matches its content), deleted (a gap in the
/// sequence, or the head records more entries than remain) or inserted (its previous hash is not its predecessor's hash,
/// or it lies beyond the head record).
/// </summary>
internal static class AuditVerifier
{
    public static AuditVerification Verify(string accountId, IReadOnlyList<AuditRow> rows, AuditHead? head)
    {
        var problems = new List<AuditProblem>();
        var expected = 1L;
        var previous = AuditHash.Genesis;
        foreach (var row in rows)
        {
            var gap = false;
            if (row.Sequence < expected)
            {
                problems.Add(new(accountId, row.Sequence, $"a second entry with this sequence (row id {row.Id}): inserted"));
                continue;
            }

            if (row.Sequence > expected)
            {
                gap = true;
                problems.Add(new(accountId, expected, row.Sequence - 1 == expected
                    ? "missing: the entry was deleted"
                    : $"missing: entries {expected} to {row.Sequence - 1} were deleted"));
            }

            if (row.ComputeHash() != row.Hash)
            {
                problems.Add(new(accountId, row.Sequence, "altered: its content does not match its hash"));
            }
            else if (!gap && row.PreviousHash != previous)
            {
                problems.Add(new(accountId, row.Sequence, $"inserted or replaced: its previous hash is not the hash of entry {row.Sequence - 1}"));
            }

            previous = row.Hash;
            expected = row.Sequence + 1;
        }

        var last = expected - 1;
        if (head is null)
        {
            if (rows.Count > 0)
            {
                problems.Add(new(accountId, last, "the chain's head record is missing"));
            }
        }
        else if (head.Sequence > last)
        {
            problems.Add(new(accountId, last + 1, head.Sequence == last + 1
                ? "missing: the last entry was deleted"
                : $"missing: entries {last + 1} to {head.Sequence} were deleted from the end"));
        }
        else if (head.Sequence < last)
        {
            problems.Add(new(accountId, head.Sequence + 1, head.Sequence + 1 == last
                ? "inserted: the entry lies beyond the chain's head record"
                : $"inserted: entries {head.Sequence + 1} to {last} lie beyond the chain's head record"));
        }
        else if (head.Hash != previous && problems.Count == 0)
        {
            problems.Add(new(accountId, last, "replaced: the last entry's hash is not the one the head record holds"));
        }

        return new AuditVerification(accountId, rows.Count, last, previous, problems);
    }
}
