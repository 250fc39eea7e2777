namespace OrleansScheduler.Storage.InMemory;

/// <summary>
/// What each claim request id of a queue claimed (ids and tokens), for <see cref="ClaimRequest.RequestMemory"/>: a
/// claim retried with the same id gets those tasks back instead of new ones. Only touched under the store's lock.
/// </summary>
internal sealed class ClaimRequestMemory
{
    private readonly Dictionary<string, (DateTimeOffset At, (string Id, long Token)[] Tasks)> _claims = new(StringComparer.Ordinal);

    /// <summary>What <paramref name="requestId"/> claimed, if it claimed anything within the memory.</summary>
    public bool TryRecall(string requestId, DateTimeOffset now, out (string Id, long Token)[] tasks)
    {
        if (_claims.TryGetValue(requestId, out var claim) && now - claim.At < ClaimRequest.RequestMemory)
        {
            tasks = claim.Tasks;
            return true;
        }
        tasks = [];
        return false;
    }

    /// <summary>Remembers what <paramref name="requestId"/> claimed, and forgets the requests past the memory.</summary>
    public void Remember(string requestId, (string Id, long Token)[] tasks, DateTimeOffset now)
    {
        foreach (var (id, claim) in _claims.ToList())
        {
            if (now - claim.At >= ClaimRequest.RequestMemory) _claims.Remove(id);
        }
        _claims[requestId] = (now, tasks);
    }
}
