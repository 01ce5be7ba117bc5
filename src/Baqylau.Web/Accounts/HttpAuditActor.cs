using System.Security.Claims;
using Baqylau.Auditing;

namespace Baqylau.Web.Accounts;

/// <summary>The signed-in user of the current request or circuit, for the audit trail.</summary>
public sealed class HttpAuditActor(IHttpContextAccessor accessor) : IAuditActor
{
    public Guid? UserId =>
        Guid.TryParse(accessor.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string? UserName => accessor.HttpContext?.User.Identity?.Name ?? "system";
}
