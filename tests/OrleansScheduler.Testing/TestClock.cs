namespace OrleansScheduler.Testing;

/// <summary>Where the tests' fake clocks start.</summary>
public static class TestClock
{
    /// <summary>
    /// 2026-01-01T00:00:00Z, the day the tests' expected times are written against. Microsoft's
    /// <c>FakeTimeProvider()</c> starts in 2000, so the tests construct it with this instant instead.
    /// </summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A fake clock at <see cref="Start"/>.</summary>
    public static FakeTimeProvider Create() => new(Start);
}
