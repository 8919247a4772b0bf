using Microsoft.AspNetCore.Identity;
using Touchpoint.Platform.Localization;

namespace Touchpoint.Features.Identity;

/// <summary>
/// The password and duplicate errors ASP.NET Identity reports (the users page shows them under the field) in the
/// language of the admin; the English texts are Identity's own. Errors our rules never produce keep Identity's text.
/// </summary>
public sealed class LocalizedIdentityErrors : IdentityErrorDescriber
{
    private static IdentityError Error(string code, string key, params object?[] args) => new() { Code = code, Description = Texts.Ui(key, args) };

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), "Valid.Password.TooShort", length);

    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "Valid.Password.Digit");

    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "Valid.Password.Lower");

    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "Valid.Password.Upper");

    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "Valid.Password.Symbol");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), "Valid.Password.Unique", uniqueChars);

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), "Valid.Users.EmailTakenBy", email);

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), "Valid.Users.NameTaken", userName);
}
