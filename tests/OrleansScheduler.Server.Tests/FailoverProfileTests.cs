using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansScheduler.Hosting;

namespace OrleansScheduler.Server.Tests;

/// <summary>
/// The two documented failover profiles, pinned so docs/cluster.md and the code cannot drift: the default is
/// Orleans' own <see cref="ClusterMembershipOptions"/>, the fast one the short probes docs/cluster.md lists.
/// </summary>
public sealed class FailoverProfileTests
{
    private static ClusterMembershipOptions MembershipOf(Action<SchedulerOptions>? configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddTaskScheduler(configure));
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
    }

    [Fact]
    public void the_default_profile_leaves_orleans_failure_detection_as_orleans_sets_it()
    {
        var defaults = new ClusterMembershipOptions();

        var membership = MembershipOf(null);

        Assert.Equal(FailoverProfile.Default, new SchedulerOptions().FailoverProfile);
        Assert.Equal(defaults.ProbeTimeout, membership.ProbeTimeout);
        Assert.Equal(defaults.NumMissedProbesLimit, membership.NumMissedProbesLimit);
        Assert.Equal(defaults.NumVotesForDeathDeclaration, membership.NumVotesForDeathDeclaration);
        Assert.Equal(defaults.TableRefreshTimeout, membership.TableRefreshTimeout);
        Assert.Equal(defaults.EnableConnectionLivenessCheck, membership.EnableConnectionLivenessCheck);
        Assert.Equal(defaults.IAmAliveTablePublishTimeout, membership.IAmAliveTablePublishTimeout);
        // What docs/cluster.md quotes as Orleans' values.
        Assert.Equal(TimeSpan.FromSeconds(5), membership.ProbeTimeout);
        Assert.Equal(3, membership.NumMissedProbesLimit);
        Assert.Equal(2, membership.NumVotesForDeathDeclaration);
        Assert.Equal(TimeSpan.FromSeconds(60), membership.TableRefreshTimeout);
    }

    [Fact]
    public void the_fast_profile_probes_every_half_second_and_declares_a_silo_dead_after_two_missed_probes()
    {
        var membership = MembershipOf(o => o.FailoverProfile = FailoverProfile.Fast);

        Assert.Equal(TimeSpan.FromMilliseconds(500), membership.ProbeTimeout);
        Assert.Equal(2, membership.NumMissedProbesLimit);
        Assert.Equal(1, membership.NumVotesForDeathDeclaration);
        Assert.False(membership.EnableConnectionLivenessCheck);
        Assert.Equal(TimeSpan.FromSeconds(2), membership.TableRefreshTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), membership.IAmAliveTablePublishTimeout);
    }
}
