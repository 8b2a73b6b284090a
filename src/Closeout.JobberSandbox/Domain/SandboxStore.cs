namespace Closeout.JobberSandbox.Domain;

/// <summary>
/// All of the sandbox's Jobber data, in memory. One gate serialises every read and write: the sandbox is a
/// test double, and a single writer keeps each GraphQL operation atomic like a database transaction would.
/// </summary>
internal sealed class SandboxStore : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, string Raw), string> _idMap = [];

    public List<Account> Accounts { get; } = [];

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_gate);
    }

    public void Dispose() => _gate.Dispose();

    public Account? FindAccount(string? id) => Accounts.Find(a => a.Id == id);

    /// <summary>A fresh encoded id of <paramref name="type"/>; keys start high so they never meet seeded ones.</summary>
    public string NewId(string type) => GlobalId.Encode(type, NextNumber(type, 100_000));

    public long NextNumber(string type, long start)
    {
        var next = _sequences.TryGetValue(type, out var last) ? last + 1 : start;
        _sequences[type] = next;
        return next;
    }

    /// <summary>
    /// The encoded id for a dataset id: kept when it already is a Jobber id of that type, otherwise numbered
    /// in the order first seen (stable for a given dataset), so "V-1001-1" becomes gid://Jobber/Visit/1.
    /// </summary>
    public string MapId(string type, string? raw)
    {
        if (raw is not null && GlobalId.IsOfType(raw, type))
        {
            return raw;
        }

        var key = (type, raw ?? $"<anonymous-{NextNumber(type + "#anon", 1)}>");
        if (!_idMap.TryGetValue(key, out var encoded))
        {
            encoded = GlobalId.Encode(type, NextNumber(type + "#seed", 1));
            _idMap[key] = encoded;
        }

        return encoded;
    }

    public IReadOnlyList<IdMapping> IdMappings =>
        _idMap.Select(kv => new IdMapping(kv.Key.Type, kv.Key.Raw, kv.Value)).OrderBy(m => m.Type, StringComparer.Ordinal).ToList();

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}

internal sealed record IdMapping(string Type, string DatasetId, string EncodedId);
