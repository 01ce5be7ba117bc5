using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Baqylau.Common;

/// <summary>
/// Refused authorisations as structured warnings (ASVS 7.1.3, 7.2.2): who, which operation and which item, never a
/// field's value. The route is not passed here: it comes from the log scope (the request's path, or the page of the
/// workspace circuit), which the web layer opens around every request and every circuit activity.
/// </summary>
public static partial class AccessRefusals
{
    /// <summary>The user lacks the role an operation needs (an author publishing, a non-admin in the admin services).</summary>
    public static void Role(ILogger logger, Guid userId, [CallerMemberName] string operation = "") =>
        LogRole(logger, userId, operation);

    /// <summary>Another organisation's item, which the caller is told is not found.</summary>
    public static void OtherOrganisation(ILogger logger, Guid userId, string entityType, object entityId, [CallerMemberName] string operation = "") =>
        LogOtherOrganisation(logger, userId, entityType, entityId, operation);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Warning, Message = "Access refused: user {UserId} lacks the role for {Operation}")]
    private static partial void LogRole(ILogger logger, Guid userId, string operation);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Warning,
        Message = "Access refused: user {UserId} asked for {EntityType} {EntityId} of another organisation ({Operation}); answered as not found")]
    private static partial void LogOtherOrganisation(ILogger logger, Guid userId, string entityType, object entityId, string operation);
}
