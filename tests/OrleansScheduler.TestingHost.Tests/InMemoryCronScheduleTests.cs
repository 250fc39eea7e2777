using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

public sealed class InMemoryCronScheduleTests(ITestOutputHelper output) : CronScheduleTests(b => b.UseInMemory(), output);
