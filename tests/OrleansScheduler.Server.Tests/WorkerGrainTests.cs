using Microsoft.Extensions.Hosting;
using OrleansScheduler.Grains;
using OrleansScheduler.Handlers;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

/// <summary>
/// One worker grain per silo, on that silo (its key the silo's address), answering for the silo's engine;
/// and handlers that reach the application's grains through their context.
/// </summary>
public sealed class WorkerGrainTests(ITestOutputHelper output) : ClusterTestBase(() => new InMemoryClusterStorage(), output)
{
    [Fact]
    public async Task each_silos_worker_grain_runs_on_that_silo_and_reports_its_engine()
    {
        var cluster = await DeployAsync(3, o => o.Capacity = 5);

        var loads = await Task.WhenAll(cluster.ActiveSilos.Select(s => Client.GetGrain<IWorkerGrain>(SchedulerCluster.IdOf(s)).GetLoadAsync()));

        Assert.Equal(cluster.ActiveSilos.Select(SchedulerCluster.IdOf), loads.Select(l => l.SiloId));
        Assert.Equal(cluster.ActiveSilos.Select(s => s.Name), loads.Select(l => l.Name));
        Assert.All(loads, l => Assert.Equal(5, l.Capacity));
        Assert.All(loads, l => Assert.True(l.Claiming));
        Assert.All(loads, l => Assert.Equal(["default"], l.Queues));
    }

    [Fact]
    public async Task a_worker_grain_for_a_silo_that_is_not_in_the_cluster_is_not_placed_anywhere()
    {
        var cluster = await DeployAsync(2);
        var gone = cluster.Silos[1];
        await cluster.KillSiloAsync(gone);
        await cluster.WaitForMembershipAsync();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => Client.GetGrain<IWorkerGrain>(SchedulerCluster.IdOf(gone)).GetLoadAsync());
        var nonsense = await Assert.ThrowsAnyAsync<Exception>(() => Client.GetGrain<IWorkerGrain>("not-a-silo").GetLoadAsync());

        Assert.Contains("not an active member", refused.Message);
        Assert.Contains("is not a silo address", nonsense.Message);
    }

    [Fact]
    public async Task a_handler_drives_the_applications_grains_through_its_context()
    {
        await DeployAsync(2, silo: s => s.AddHandler<AskingHandler>("ask"));

        string id = await SubmitAsync(new TaskSubmission { Type = "ask" });
        var done = (await WaitUntilFinishedAsync([id]))[0];

        Assert.Equal(TaskState.Succeeded, done.Status);
        Assert.Equal($"\"{done.Silo}\"", done.Result); // the worker grain it asked is its own silo's
    }

    /// <summary><c>ask</c>: asks its own silo's worker grain who it is, through the grain factory of its context.</summary>
    public sealed class AskingHandler : ITaskHandler
    {
        public async Task<object?> HandleAsync(TaskContext context) =>
            (await context.GrainFactory.GetGrain<IWorkerGrain>(context.SiloId).GetLoadAsync()).SiloId;
    }
}
