using OrleansScheduler.Silo.Demo;
using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary>The demo run in-process against a test silo: the same code `dotnet run -- demo` runs.</summary>
public sealed class DemoWorkloadTests(InMemorySiloFixture silo) : IClassFixture<InMemorySiloFixture>
{
    [Fact]
    public async Task the_demo_workload_ends_with_every_task_terminal_and_only_the_planned_failures()
    {
        var output = new StringWriter();
        var options = new DemoOptions { Tasks = 60, ProgressInterval = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromSeconds(45) };

        var report = await new DemoWorkload(silo.Client, output).RunAsync(options);

        Assert.True(report.Success, $"the demo should succeed: {report}\n{output}");
        Assert.Equal(0, report.ExitCode);
        Assert.Equal(60, report.Total);
        Assert.Equal(0, report.Unfinished);
        Assert.Equal(1, report.FailedOnPurpose);
        Assert.Equal(report.Total, report.Succeeded + report.Failed);
        Assert.True(report.Retried > 0, "some fail-once tasks should have needed a second attempt");
        Assert.Contains("succeeded", output.ToString());
        Assert.Contains("Done in", output.ToString());
    }

    [Fact]
    public void the_demo_plan_mixes_every_built_in_type_with_delays_and_priorities()
    {
        var plan = DemoPlan.Create(new DemoOptions { Tasks = 300 });

        Assert.Equal(300, plan.Count);
        Assert.Equal(["cpu", "echo", "fail", "sleep"], plan.Select(t => t.Request.Type).Distinct().Order());
        Assert.Contains(plan, t => t.Request.DelayMs > 0);
        Assert.Contains(plan, t => t.Request.Type == "fail" && !t.FailsOnPurpose);
        Assert.Equal(3, plan.Count(t => t.FailsOnPurpose));
        Assert.True(plan.Select(t => t.Request.Priority).Distinct().Count() > 2);
    }
}
