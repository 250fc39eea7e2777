using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Hosting;
using OrleansScheduler.Scheduling.Schedules;

namespace OrleansScheduler.Core.Tests;

/// <summary><c>AddScheduler()</c> keeps schedules in memory by default; <c>UseInMemory</c> shares one instance between silos of one process.</summary>
public sealed class ScheduleHostingTests
{
    [Fact]
    public async Task add_scheduler_registers_one_in_memory_schedule_store_with_the_silos_payload_limit()
    {
        var services = new ServiceCollection();
        services.AddScheduler(o => o.MaxPayloadBytes = 16);
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IScheduleStore>();

        Assert.IsType<InMemoryScheduleStore>(store);
        Assert.Same(store, provider.GetRequiredService<IScheduleStore>());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(new ScheduleDefinition
        {
            Name = "big", Cron = "@daily", Task = new ScheduleTaskTemplate { Type = "echo", Payload = "\"" + new string('x', 40) + "\"" },
        }));
        Assert.Contains("the limit is 16", error.Message);
    }

    [Fact]
    public async Task silos_given_one_in_memory_schedule_store_share_it()
    {
        var shared = new InMemoryScheduleStore();
        var first = new ServiceCollection();
        first.AddScheduler().UseInMemory(schedules: shared);
        var second = new ServiceCollection();
        second.AddScheduler().UseInMemory(schedules: shared);
        await using var one = first.BuildServiceProvider();
        await using var two = second.BuildServiceProvider();

        Assert.Same(shared, one.GetRequiredService<IScheduleStore>());
        Assert.Same(shared, two.GetRequiredService<IScheduleStore>());
    }
}
