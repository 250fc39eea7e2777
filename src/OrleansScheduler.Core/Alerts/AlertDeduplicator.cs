namespace OrleansScheduler.Alerts;

/// <summary>
/// At most one firing per rule and subject within <paramref name="window"/>. <paramref name="lastFired"/> is the
/// map it keeps (the alert grain's persistent state, so the window outlives an activation).
/// </summary>
public sealed class AlertDeduplicator(TimeSpan window, IDictionary<string, DateTimeOffset> lastFired)
{
    /// <summary>True, and notes the firing, when the rule has not fired for the subject since <paramref name="now"/> minus the window.</summary>
    public bool TryFire(string rule, string subject, DateTimeOffset now)
    {
        string key = rule + "/" + subject;
        if (lastFired.TryGetValue(key, out var last) && now - last < window) return false;
        lastFired[key] = now;
        return true;
    }

    /// <summary>Forgets firings older than the window, so the map stays small.</summary>
    public void Prune(DateTimeOffset now)
    {
        foreach (var (key, at) in lastFired.ToList())
            if (now - at >= window) lastFired.Remove(key);
    }
}
