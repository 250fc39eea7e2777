using OrleansScheduler.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class InMemoryCronScheduleTests(ITestOutputHelper output) : CronScheduleTests(() => new InMemoryClusterStorage(), output);
