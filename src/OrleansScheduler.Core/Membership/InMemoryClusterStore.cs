namespace OrleansScheduler.Membership;

/// <summary>
/// The membership table and leases in this process's memory, for silos that share one process
/// (the embedded default and the testing host). Same semantics as the Redis cluster store; one
/// lock makes every call atomic.
/// </summary>
public sealed class InMemoryClusterStore(TimeProvider clock) : IClusterStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SiloEntry> _silos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Holder, DateTimeOffset Until)> _leases = new(StringComparer.Ordinal);

    /// <summary>A store on the system clock.</summary>
    public InMemoryClusterStore() : this(TimeProvider.System) { }

    /// <inheritdoc />
    public Task JoinAsync(SiloEntry silo, CancellationToken cancellationToken = default)
    {
        lock (_gate) _silos[silo.Id] = silo with { LastHeartbeat = Now(), DeclaredDeadAt = null, FailoverDone = false };
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<HeartbeatReply> HeartbeatAsync(string siloId, int running, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_silos.TryGetValue(siloId, out var silo) || silo.Status == SiloStatus.Dead) return Task.FromResult(new HeartbeatReply(false, false));
            _silos[siloId] = silo with { LastHeartbeat = Now(), Running = running };
            return Task.FromResult(new HeartbeatReply(true, silo.DrainRequested));
        }
    }

    /// <inheritdoc />
    public Task<bool> SetStatusAsync(string siloId, SiloStatus status, CancellationToken cancellationToken = default) =>
        Update(siloId, silo => silo with { Status = status });

    /// <inheritdoc />
    public Task<bool> RequestDrainAsync(string siloId, CancellationToken cancellationToken = default) =>
        Update(siloId, silo => silo with { DrainRequested = true });

    /// <inheritdoc />
    public Task LeaveAsync(string siloId, CancellationToken cancellationToken = default)
    {
        lock (_gate) _silos.Remove(siloId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SiloEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<SiloEntry>>([.. _silos.Values.OrderBy(s => s.Id, StringComparer.Ordinal)]);
    }

    /// <inheritdoc />
    public Task<bool> DeclareDeadAsync(string siloId, TimeSpan deadAfter, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = Now();
            if (!_silos.TryGetValue(siloId, out var silo) || silo.Status == SiloStatus.Dead || now - silo.LastHeartbeat <= deadAfter)
                return Task.FromResult(false);
            _silos[siloId] = silo with { Status = SiloStatus.Dead, DeclaredDeadAt = now };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task MarkFailoverDoneAsync(string siloId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_silos.TryGetValue(siloId, out var silo) && silo.Status == SiloStatus.Dead) _silos[siloId] = silo with { FailoverDone = true };
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> PruneDeadAsync(TimeSpan retention, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = Now();
            var old = _silos.Values.Where(s => s.Status == SiloStatus.Dead && s.FailoverDone && now - s.DeclaredDeadAt > retention).Select(s => s.Id).ToList();
            foreach (string id in old) _silos.Remove(id);
            return Task.FromResult(old.Count);
        }
    }

    /// <inheritdoc />
    public Task<bool> TryAcquireLeaseAsync(string role, string holder, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = Now();
            if (_leases.TryGetValue(role, out var lease) && lease.Holder != holder && lease.Until > now) return Task.FromResult(false);
            _leases[role] = (holder, now + leaseTime);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(string role, string holder, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(role, out var lease) && lease.Holder == holder) _leases.Remove(role);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<string?> GetLeaseHolderAsync(string role, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_leases.TryGetValue(role, out var lease) && lease.Until > Now() ? lease.Holder : null);
        }
    }

    private Task<bool> Update(string siloId, Func<SiloEntry, SiloEntry> change)
    {
        lock (_gate)
        {
            if (!_silos.TryGetValue(siloId, out var silo) || silo.Status == SiloStatus.Dead) return Task.FromResult(false);
            _silos[siloId] = change(silo);
            return Task.FromResult(true);
        }
    }

    /// <summary>Times are kept to the millisecond, as in Redis.</summary>
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(clock.GetUtcNow().ToUnixTimeMilliseconds());
}
