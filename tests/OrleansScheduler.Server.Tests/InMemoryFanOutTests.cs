using OrleansScheduler.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class InMemoryFanOutTests(ITestOutputHelper output) : FanOutTests(() => new InMemoryClusterStorage(), output);
