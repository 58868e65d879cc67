import { useState } from "preact/hooks";
import { useSignedIn } from "../../auth/SessionProvider";
import { IconLock, IconLogout } from "../../ui/icons";
import { Menu, MenuItem, MenuSeparator } from "../../ui/Menu";
import { initials } from "../format";
import { notifyError } from "../notify";
import { ChangePasswordDialog } from "./ChangePasswordDialog";

/** Top bar: who is signed in, change password, log out. */
export function UserMenu() {
  const { user, logout } = useSignedIn();
  const [changingPassword, setChangingPassword] = useState(false);

  return (
    <>
      <Menu
        className="user-menu"
        align="end"
        triggerClassName="user-menu__trigger"
        triggerTestId="user-menu"
        triggerLabel={`Account: ${user.name}`}
        menuLabel="Account"
        menuTestId="user-menu-popup"
        label={
          <>
            <span className="user-menu__avatar" aria-hidden="true">
              {initials(user.name, user.email)}
            </span>
            <span className="user-menu__name" data-testid="user-name">
              {user.name}
            </span>
          </>
        }
      >
        {(close) => (
          <>
            <div className="menu__profile" role="presentation">
              <p className="menu__profile-name">{user.name}</p>
              <p className="menu__profile-email" data-testid="user-email">
                {user.email}
              </p>
            </div>
            <MenuSeparator />
            <MenuItem
              icon={IconLock}
              onSelect={() => {
                close();
                setChangingPassword(true);
              }}
              data-testid="change-password"
            >
              Change password
            </MenuItem>
            <MenuItem
              icon={IconLogout}
              onSelect={() => {
                close();
                logout().catch((error: unknown) => notifyError("Couldn't log out cleanly", error));
              }}
              data-testid="logout"
            >
              Log out
            </MenuItem>
          </>
        )}
      </Menu>
      <ChangePasswordDialog open={changingPassword} onClose={() => setChangingPassword(false)} />
    </>
  );
}
