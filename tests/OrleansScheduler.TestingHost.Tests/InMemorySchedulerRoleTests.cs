using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

public sealed class InMemorySchedulerRoleTests(ITestOutputHelper output) : SchedulerRoleTests(b => b.UseInMemory(), output);
