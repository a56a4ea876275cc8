"use client";

import { KeyRound, LogOut, Menu } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { signOutAction } from "@/actions/sign-out-action";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { OrgSwitcher } from "./org-switcher";
import { SidebarNav } from "./sidebar-nav";
import { ThemeChoice } from "./theme-choice";

type Org = { orgId: string; orgName: string; role: string };

/**
 * Narrow screens: everything the desktop sidebar holds, in a sheet. The organization switcher on
 * top; the theme, the password and sign-out in plain sight at the bottom (the desktop keeps them
 * in the account menu, a menu too many inside a sheet on a phone).
 */
export function MobileNav({
  email,
  current,
  organizations,
}: {
  email: string;
  current: Org;
  organizations: Org[];
}) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="md:hidden" aria-label="Open navigation">
          <Menu />
        </Button>
      </SheetTrigger>
      <SheetContent side="left" className="w-72 max-w-[85vw] gap-3 overflow-y-auto p-3">
        <SheetTitle className="sr-only">Menu</SheetTitle>
        <SheetDescription className="sr-only">Navigation, organization and account</SheetDescription>
        <div className="pr-8">
          <OrgSwitcher current={current} organizations={organizations} />
        </div>
        <SidebarNav onNavigate={close} />
        <div className="mt-auto grid gap-2 border-t pt-3">
          <p className="text-muted-foreground truncate px-1 text-xs">{email}</p>
          <ThemeChoice />
          <Button asChild variant="ghost" size="sm" className="justify-start">
            <Link href="/account/password" onClick={close}>
              <KeyRound /> Change password
            </Link>
          </Button>
          <Button variant="ghost" size="sm" className="justify-start" onClick={() => void signOutAction()}>
            <LogOut /> Sign out
          </Button>
        </div>
      </SheetContent>
    </Sheet>
  );
}
