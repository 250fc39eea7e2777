using OrleansScheduler.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class InMemoryRoutingTests(ITestOutputHelper output) : RoutingTests(() => new InMemoryClusterStorage(), output);
