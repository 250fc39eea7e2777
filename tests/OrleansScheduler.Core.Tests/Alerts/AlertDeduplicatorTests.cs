using OrleansScheduler.Alerts;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests.Alerts;

public sealed class AlertDeduplicatorTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly Dictionary<string, DateTimeOffset> _state = [];

    private AlertDeduplicator Dedup() => new(TimeSpan.FromMinutes(10), _state);

    [Fact]
    public void a_rule_fires_once_per_subject_within_the_window_and_again_after_it()
    {
        var dedup = Dedup();

        Assert.True(dedup.TryFire("r", "orders", _clock.GetUtcNow()));
        Assert.True(dedup.TryFire("r", "mail", _clock.GetUtcNow()));
        Assert.True(dedup.TryFire("other", "orders", _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.False(dedup.TryFire("r", "orders", _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(dedup.TryFire("r", "orders", _clock.GetUtcNow()));
    }

    [Fact]
    public void the_window_survives_a_new_deduplicator_over_the_same_state()
    {
        Assert.True(Dedup().TryFire("r", "t1", _clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(Dedup().TryFire("r", "t1", _clock.GetUtcNow()));
    }

    [Fact]
    public void pruning_forgets_only_firings_older_than_the_window()
    {
        var dedup = Dedup();
        dedup.TryFire("r", "old", _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMinutes(5));
        dedup.TryFire("r", "new", _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMinutes(5));

        dedup.Prune(_clock.GetUtcNow());

        Assert.Equal(["r/new"], _state.Keys);
    }
}
