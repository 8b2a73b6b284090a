namespace Closeout.QuickBooksSandbox.Company;

/// <summary>
/// Every company of the sandbox, in memory. One gate serialises all reads and writes: each API call (and each
/// batch) then acts on the books atomically, as a database transaction would.
/// </summary>
internal sealed class CompanyStore : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Realm> _realms = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_gate);
    }

    public IReadOnlyCollection<Realm> Realms => _realms.Values;

    public Realm? Find(string? realmId) => realmId is not null && _realms.TryGetValue(realmId, out var realm) ? realm : null;

    public void Add(Realm realm) => _realms[realm.Id] = realm;

    public void Dispose() => _gate.Dispose();

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
